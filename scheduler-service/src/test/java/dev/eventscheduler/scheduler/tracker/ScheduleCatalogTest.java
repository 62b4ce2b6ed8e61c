package dev.eventscheduler.scheduler.tracker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventscheduler.model.validation.ScheduleRecord;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Who wrote each schedule, from a header any producer can write: only names are kept, and only so many of them. */
class ScheduleCatalogTest {

    @Test
    void keepsTheWriterOfEachScheduleOnlyWhenItIsATokenNameAndForgetsItWithTheSchedule() {
        ScheduleCatalog catalog = new ScheduleCatalog();
        catalog.put(record("a"), "ops");
        catalog.put(record("b"), "x".repeat(65));
        catalog.put(record("c"), "name with spaces");

        assertThat(catalog.writtenBy("a")).isEqualTo("ops");
        assertThat(catalog.writtenBy("b")).isNull();
        assertThat(catalog.writtenBy("c")).isNull();
        catalog.put(record("a"), null);
        assertThat(catalog.writtenBy("a")).as("a write by another client").isNull();
        catalog.put(record("a"), "ops");
        catalog.remove("a");
        assertThat(catalog.writtenBy("a")).isNull();
    }

    @Test
    void keepsAtMostSoManyDistinctNamesEachOnce() {
        ScheduleCatalog catalog = new ScheduleCatalog();
        for (int i = 0; i < ScheduleCatalog.MAX_WRITER_NAMES + 5; i++) {
            catalog.put(record("s" + i), "writer-" + i);
        }
        assertThat(catalog.writtenBy("s0")).isEqualTo("writer-0");
        assertThat(catalog.writtenBy("s" + (ScheduleCatalog.MAX_WRITER_NAMES + 1))).as("past the bound").isNull();
        catalog.put(record("t"), new String("writer-0"));
        assertThat(catalog.writtenBy("t")).as("one instance of each name").isSameAs(catalog.writtenBy("s0"));
    }

    private static ScheduleRecord record(String key) {
        return new ScheduleRecord(key, null, List.of());
    }
}
