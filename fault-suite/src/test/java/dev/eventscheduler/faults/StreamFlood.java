package dev.eventscheduler.faults;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Many {@code /api/stream} requests over plain sockets, each kept open when admitted: what a client
 * holding streams without end does. Bounded: it opens a fixed number, and {@link #close} closes all.
 */
final class StreamFlood implements AutoCloseable {

    private final List<Socket> open = new ArrayList<>();
    private int admitted;
    private int refused;
    private int other;

    private StreamFlood() {
    }

    static StreamFlood open(int port, String token, int count) {
        StreamFlood flood = new StreamFlood();
        for (int i = 0; i < count; i++) {
            flood.request(port, token);
        }
        return flood;
    }

    private void request(int port, String token) {
        Socket socket = new Socket();
        try {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            socket.setSoTimeout(5_000);
            socket.getOutputStream().write(("GET /api/stream HTTP/1.1\r\nHost: 127.0.0.1:" + port
                    + "\r\nAuthorization: Bearer " + token + "\r\nAccept: text/event-stream\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            String status = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))
                    .readLine();
            if (status != null && status.contains(" 200 ")) {
                admitted++;
                open.add(socket);
                return;
            }
            if (status != null && status.contains(" 503 ")) {
                refused++;
            } else {
                other++;
            }
        } catch (IOException e) {
            other++;
        }
        closeQuietly(socket);
    }

    int admitted() {
        return admitted;
    }

    int refused() {
        return refused;
    }

    @Override
    public void close() {
        open.forEach(StreamFlood::closeQuietly);
        open.clear();
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing is all that is wanted
        }
    }

    @Override
    public String toString() {
        return "stream flood: " + admitted + " admitted, " + refused + " refused with 503, " + other + " other";
    }
}
