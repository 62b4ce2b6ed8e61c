package dev.eventscheduler.scheduler.tracker;

import java.util.function.IntPredicate;
import java.util.function.IntUnaryOperator;

/**
 * The {@link RunTable}'s index of slots by event id hash: open addressing with linear probing, an
 * {@code int} per entry (slot + 1; 0 is empty), twice the table's capacity so probes stay short.
 * The table keeps the hashes and ids; the index keeps only slot numbers. Not thread-safe.
 */
final class SlotIndex {

    private static final int NONE = -1;

    private int[] entries;

    SlotIndex(int capacity) {
        entries = new int[capacity * 2];
    }

    /** The first slot under {@code hash} that {@code matches}, or -1. */
    int find(int hash, IntPredicate matches) {
        int mask = entries.length - 1;
        for (int at = spread(hash) & mask; entries[at] != 0; at = (at + 1) & mask) {
            int slot = entries[at] - 1;
            if (matches.test(slot)) {
                return slot;
            }
        }
        return NONE;
    }

    void add(int slot, int hash) {
        int mask = entries.length - 1;
        int at = spread(hash) & mask;
        while (entries[at] != 0) {
            at = (at + 1) & mask;
        }
        entries[at] = slot + 1;
    }

    /**
     * Removes {@code slot} (whose hash {@code hashOf} gives, as it does any slot's), shifting later
     * entries of its probe run back so none is cut off.
     */
    void remove(int slot, IntUnaryOperator hashOf) {
        int mask = entries.length - 1;
        int hole = spread(hashOf.applyAsInt(slot)) & mask;
        while (entries[hole] != slot + 1) {
            hole = (hole + 1) & mask;
        }
        for (int at = (hole + 1) & mask; entries[at] != 0; at = (at + 1) & mask) {
            int home = spread(hashOf.applyAsInt(entries[at] - 1)) & mask;
            // the entry at 'at' may fill the hole only if its home is not between the hole and itself
            boolean staysPut = hole <= at ? hole < home && home <= at : hole < home || home <= at;
            if (!staysPut) {
                entries[hole] = entries[at];
                hole = at;
            }
        }
        entries[hole] = 0;
    }

    /** Empties the index, sized for a table of {@code capacity} slots; the table adds its slots again. */
    void clear(int capacity) {
        entries = new int[capacity * 2];
    }

    private static int spread(int hash) {
        return hash ^ (hash >>> 16);
    }
}
