package dev.eventscheduler.model.kafka;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.utils.Utils;

/** Where Kafka's default partitioner puts a record with a key, as every producer of ours leaves it. */
public final class KeyPartitions {

    private KeyPartitions() {
    }

    /** The partition, of {@code partitions}, that a record keyed {@code key} lands in. */
    public static int of(String key, int partitions) {
        return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % partitions;
    }
}
