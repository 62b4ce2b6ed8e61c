package dev.eventscheduler.localkafka;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Ports on {@value LocalKafkaBroker#HOST} that nothing listens on at the moment they are picked. */
public final class FreePorts {

    private FreePorts() {
    }

    /** One free port. */
    public static int next() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(LocalKafkaBroker.HOST))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find a free port on " + LocalKafkaBroker.HOST, e);
        }
    }

    /** {@code count} free ports, all different. */
    public static List<Integer> distinct(int count) {
        Set<Integer> ports = new LinkedHashSet<>();
        while (ports.size() < count) {
            ports.add(next());
        }
        return List.copyOf(ports);
    }
}
