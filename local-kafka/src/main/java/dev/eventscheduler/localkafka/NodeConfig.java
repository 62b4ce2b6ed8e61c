package dev.eventscheduler.localkafka;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The server properties of a local KRaft node, listening on {@value #HOST} only.
 *
 * @param nodeId         the node's id
 * @param port           the client listener's port
 * @param controllerPort the controller listener's port
 * @param quorum         the cluster's controller voters, this node among them
 * @param logDirectory   where it keeps its logs and metadata
 * @param overrides      properties that replace the defaults here
 */
record NodeConfig(int nodeId, int port, int controllerPort, Quorum quorum, Path logDirectory, Map<String, String> overrides) {

    static final String HOST = LocalKafkaBroker.HOST;
    static final String CONTROLLER_LISTENER = "CONTROLLER";
    static final String BROKER_LISTENER = "PLAINTEXT";

    /** A node that is only the controller: used alone, on a single-node cluster, to unregister a killed incarnation. */
    Map<String, String> controllerOnly() {
        Map<String, String> props = new HashMap<>();
        props.put("process.roles", "controller");
        props.put("node.id", Integer.toString(nodeId));
        props.put("controller.quorum.voters", quorum.voters());
        props.put("listeners", CONTROLLER_LISTENER + "://" + HOST + ":" + controllerPort);
        props.put("listener.security.protocol.map", CONTROLLER_LISTENER + ":PLAINTEXT");
        props.put("controller.listener.names", CONTROLLER_LISTENER);
        props.put("log.dirs", logDirectory.toString());
        return props;
    }

    /**
     * A combined broker and controller. Internal topics, and topics created without a replication
     * factor, get the quorum's: 1 on a single node, so groups and transactions work at once; 3 with
     * {@code min.insync.replicas} 2 on three nodes or more, as production clusters run.
     */
    Map<String, String> combined() {
        Map<String, String> props = new HashMap<>();
        props.put("process.roles", "broker,controller");
        props.put("node.id", Integer.toString(nodeId));
        props.put("controller.quorum.voters", quorum.voters());
        props.put("listeners", BROKER_LISTENER + "://" + HOST + ":" + port + "," + CONTROLLER_LISTENER + "://" + HOST + ":" + controllerPort);
        props.put("advertised.listeners", BROKER_LISTENER + "://" + HOST + ":" + port);
        props.put("listener.security.protocol.map", BROKER_LISTENER + ":PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
        props.put("controller.listener.names", CONTROLLER_LISTENER);
        props.put("inter.broker.listener.name", BROKER_LISTENER);
        props.put("log.dirs", logDirectory.toString());
        props.putAll(replication());
        props.put("num.partitions", "1");
        props.put("auto.create.topics.enable", "false");
        // a group forms at once instead of after 3 s, and tests may ask for short session timeouts
        props.put("group.initial.rebalance.delay.ms", "0");
        props.put("group.min.session.timeout.ms", "1000");
        // Kafka's 9 s broker session: a controller stalled for a few seconds on a busy machine (seen
        // on CI: 3.6 s) must not fence the only broker, or topic creation fails meanwhile. A restart
        // after kill -9 does not wait on the session: forgetDeadIncarnation() unregisters the old one.
        // See docs/local-kafka-unclean-restart.md.
        props.put("broker.heartbeat.interval.ms", "500");
        props.put("broker.session.timeout.ms", "9000");
        // a dead transaction owner is aborted within about a second of its timeout, not ten
        props.put("transaction.abort.timed.out.transaction.cleanup.interval.ms", "1000");
        // deleted topics leave the disk after 1 s rather than 60 s
        props.put("file.delete.delay.ms", "1000");
        props.putAll(overrides);
        return props;
    }

    /** Replication of internal topics and the default: on one node a single replica, or groups and transactions never start. */
    private Map<String, String> replication() {
        String replicas = Integer.toString(quorum.replicationFactor());
        String minInsync = Integer.toString(quorum.minInsyncReplicas());
        Map<String, String> props = new HashMap<>();
        props.put("offsets.topic.replication.factor", replicas);
        props.put("offsets.topic.num.partitions", "12");
        props.put("transaction.state.log.replication.factor", replicas);
        props.put("transaction.state.log.min.isr", minInsync);
        props.put("transaction.state.log.num.partitions", "12");
        props.put("share.coordinator.state.topic.replication.factor", replicas);
        props.put("share.coordinator.state.topic.min.isr", minInsync);
        props.put("default.replication.factor", replicas);
        props.put("min.insync.replicas", minInsync);
        return props;
    }
}
