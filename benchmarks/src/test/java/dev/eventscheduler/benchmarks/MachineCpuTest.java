package dev.eventscheduler.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Reading the machine's CPU time from {@code /proc/stat}, and the CPU per item it gives. */
class MachineCpuTest {

    @Test
    void countsUserSystemAndInterruptsAsBusyAndIdleWaitAndStealAsNot() {
        // cpu user nice system idle iowait irq softirq steal guest guest_nice
        MachineCpu.Reading reading = MachineCpu.parse(List.of(
                "cpu  100 2 30 500 40 0 5 7 9 0",
                "cpu0 50 1 15 250 20 0 2 3 9 0",
                "cpu1 50 1 15 250 20 0 3 4 0 0",
                "intr 12345"));

        assertThat(reading).isEqualTo(new MachineCpu.Reading(100 + 2 + 30 + 5, 100 + 2 + 30 + 500 + 40 + 5 + 7, 2));
    }

    @Test
    void cpuPerItemIsTheBusyShareOfEveryCoreOverTheWindow() {
        MachineCpu.Reading before = new MachineCpu.Reading(1_000, 4_000, 2);
        // 200 ticks of the 2 cores' 400 in the window: one core's worth for 2 s
        MachineCpu.Reading after = new MachineCpu.Reading(1_200, 4_400, 2);

        assertThat(after.microsEach(before, 2.0, 1_000_000)).isCloseTo(2.0, within(1e-9));
        assertThat(after.microsEach(after, 2.0, 1_000_000)).as("no ticks passed").isNaN();
    }

    @Test
    void refusesAnythingButTheSummaryLine() {
        assertThatThrownBy(() -> MachineCpu.parse(List.of("cpu0 50 1 15 250 20 0 2 3 9 0")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not the summary line of /proc/stat");
    }

    @Test
    void readsThisMachineWhereThereIsProcStat() {
        MachineCpu.read().ifPresent(reading -> {
            assertThat(reading.cores()).isPositive();
            assertThat(reading.busy()).isPositive().isLessThanOrEqualTo(reading.total());
        });
    }
}
