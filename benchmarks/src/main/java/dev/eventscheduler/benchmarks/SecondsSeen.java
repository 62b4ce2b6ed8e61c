package dev.eventscheduler.benchmarks;

import dev.eventscheduler.model.kafka.KeyPartitions;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * For schedules {@code <prefix>0} … {@code <prefix>(count - 1)} that each fire once a second, which
 * second of a window each fire fell in. A count of missing fires says how many; this says where: in
 * which seconds of the window, for which schedules and on which partitions of the tasks topic, so a
 * rare miss can be traced to before, at or after a failover from the one run that showed it.
 */
final class SecondsSeen {

    private final String prefix;
    private final long fromMillis;
    private final int seconds;
    private final int partitions;
    /** Per schedule, bit {@code s} set once a fire in second {@code s} of the window was seen. */
    private final int[] seen;

    SecondsSeen(String prefix, int count, long fromMillis, int seconds, int partitions) {
        if (seconds > Integer.SIZE - 1) {
            throw new IllegalArgumentException("at most 31 seconds, was " + seconds);
        }
        this.prefix = prefix;
        this.fromMillis = fromMillis;
        this.seconds = seconds;
        this.partitions = partitions;
        this.seen = new int[count];
    }

    void add(String scheduleId, long scheduledMillis) {
        long offset = scheduledMillis - fromMillis;
        if (scheduleId == null || !scheduleId.startsWith(prefix) || offset < 0 || offset >= seconds * 1_000L) {
            return;
        }
        int index = Integer.parseInt(scheduleId, prefix.length(), scheduleId.length(), 10);
        if (index < seen.length) {
            seen[index] |= 1 << (int) (offset / 1_000);
        }
    }

    /** One line per second of the window with fires missing; empty when none is. */
    List<String> missing() {
        List<String> lines = new ArrayList<>();
        for (int second = 0; second < seconds; second++) {
            int count = 0;
            int first = -1;
            int last = -1;
            TreeSet<Integer> onPartitions = new TreeSet<>();
            for (int index = 0; index < seen.length; index++) {
                if ((seen[index] & 1 << second) == 0) {
                    count++;
                    first = first < 0 ? index : first;
                    last = index;
                    onPartitions.add(partitionOf(prefix + index));
                }
            }
            if (count > 0) {
                lines.add("second " + second + ": " + count + " missing, schedules " + prefix + first
                        + " … " + prefix + last + ", partitions " + onPartitions);
            }
        }
        return lines;
    }

    /** The tasks topic partition of a fire keyed by {@code key}, as the producer's default partitioner picks it. */
    private int partitionOf(String key) {
        return KeyPartitions.of(key, partitions);
    }
}
