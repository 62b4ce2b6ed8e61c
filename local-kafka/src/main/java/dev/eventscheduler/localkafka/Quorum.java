package dev.eventscheduler.localkafka;

import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The controller voters of a local KRaft cluster (Kafka's static quorum): each node's id and the
 * port of its controller listener on {@value LocalKafkaBroker#HOST}. Every node of a cluster is a
 * combined broker and controller, so the quorum's size is the cluster's, and it decides how far
 * internal topics are replicated.
 *
 * @param controllerPorts controller port by node id, at least one
 */
record Quorum(SortedMap<Integer, Integer> controllerPorts) {

    /** Replicas of a partition on a cluster of three or more nodes, as production clusters run. */
    static final int FULL_REPLICATION = 3;

    Quorum {
        if (controllerPorts.isEmpty()) {
            throw new IllegalArgumentException("a quorum needs at least one voter");
        }
        controllerPorts = new TreeMap<>(controllerPorts);
    }

    static Quorum single(int nodeId, int controllerPort) {
        return new Quorum(new TreeMap<>(Map.of(nodeId, controllerPort)));
    }

    /**
     * Reads Kafka's {@code controller.quorum.voters} form, {@code 1@127.0.0.1:9093,2@127.0.0.1:9095};
     * every voter must be on {@value LocalKafkaBroker#HOST}.
     */
    static Quorum parse(String voters) {
        SortedMap<Integer, Integer> ports = new TreeMap<>();
        for (String voter : voters.split(",")) {
            String[] idAndAddress = voter.trim().split("@", 2);
            String prefix = LocalKafkaBroker.HOST + ":";
            if (idAndAddress.length != 2 || !idAndAddress[1].startsWith(prefix)) {
                throw new IllegalArgumentException("voter '" + voter + "' is not <node id>@" + prefix + "<port>");
            }
            int id;
            int port;
            try {
                id = Integer.parseInt(idAndAddress[0].trim());
                port = Integer.parseInt(idAndAddress[1].substring(prefix.length()));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("voter '" + voter + "' is not <node id>@" + prefix + "<port>", e);
            }
            if (id < 0 || port < 1 || port > 65_535) {
                throw new IllegalArgumentException("voter '" + voter + "' is not <node id>@" + prefix + "<port>: "
                        + "a node id of 0 or more and a port of 1 to 65535");
            }
            ports.put(id, port);
        }
        return new Quorum(ports);
    }

    /** The {@code controller.quorum.voters} value. */
    String voters() {
        return controllerPorts.entrySet().stream()
                .map(voter -> voter.getKey() + "@" + LocalKafkaBroker.HOST + ":" + voter.getValue())
                .collect(Collectors.joining(","));
    }

    int size() {
        return controllerPorts.size();
    }

    /** Replicas per partition of internal topics and, by default, of created ones: 1 on one node, 3 on three. */
    int replicationFactor() {
        return Math.min(FULL_REPLICATION, size());
    }

    /** In-sync replicas an acknowledged write needs: 2 when partitions have 3 replicas, else 1. */
    int minInsyncReplicas() {
        return replicationFactor() >= FULL_REPLICATION ? 2 : 1;
    }
}
