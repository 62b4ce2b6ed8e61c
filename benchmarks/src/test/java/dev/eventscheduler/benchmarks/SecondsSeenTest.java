package dev.eventscheduler.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SecondsSeenTest {

    @Test
    void saysInWhichSecondsAndForWhichSchedulesFiresAreMissing() {
        SecondsSeen seen = new SecondsSeen("s-", 10, 5_000, 3, 12);
        for (int second = 0; second < 3; second++) {
            for (int schedule = 0; schedule < 10; schedule++) {
                boolean lost = second == 1 && schedule >= 4 && schedule <= 6;
                if (!lost) {
                    seen.add("s-" + schedule, 5_000 + second * 1_000L + schedule * 100L);
                }
            }
        }
        seen.add("s-4", 4_999);
        seen.add("s-5", 8_000);
        seen.add("other-4", 6_400);

        assertThat(seen.missing()).singleElement().asString().startsWith("second 1: 3 missing, schedules s-4 … s-6, partitions [");
    }

    @Test
    void reportsNothingWhenEveryFireWasSeen() {
        SecondsSeen seen = new SecondsSeen("s-", 2, 0, 2, 12);
        seen.add("s-0", 10);
        seen.add("s-0", 1_010);
        seen.add("s-1", 999);
        seen.add("s-1", 1_999);

        assertThat(seen.missing()).isEmpty();
    }
}
