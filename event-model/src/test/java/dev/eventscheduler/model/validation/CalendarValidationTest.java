package dev.eventscheduler.model.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.eventscheduler.model.Examples;
import dev.eventscheduler.model.json.EventJson;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** A calendar from any producer is checked field by field, each problem named. */
class CalendarValidationTest {

    @Test
    void theExampleIsValid() {
        assertThat(CalendarValidator.validate(EventReader.readCalendar(EventJson.toBytes(Examples.tree("calendar.json"))))).isEmpty();
    }

    static Stream<Arguments> broken() {
        return Stream.of(
                Arguments.of("no name", (Consumer<ObjectNode>) c -> c.remove("name"), "name", "required"),
                Arguments.of("a name with a slash", (Consumer<ObjectNode>) c -> c.put("name", "a/b"), "name", "may only contain"),
                Arguments.of("an unknown zone", (Consumer<ObjectNode>) c -> c.put("timeZone", "Mars/Olympus"), "timeZone", "not a known"),
                Arguments.of("a day in year 10000", (Consumer<ObjectNode>) c -> c.putArray("dates").add("+10000-01-01"), "dates[0]", "between"),
                Arguments.of("a day before 1970", (Consumer<ObjectNode>) c -> c.putArray("dates").add("1969-12-31"), "dates[0]", "between"),
                Arguments.of("a day unreadable", (Consumer<ObjectNode>) c -> c.putArray("dates").add("Christmas"), "dates", ""),
                Arguments.of("1,001 days", (Consumer<ObjectNode>) c -> {
                    var dates = c.putArray("dates");
                    for (int i = 0; i < 1_001; i++) {
                        dates.add(java.time.LocalDate.parse("2026-01-01").plusDays(i).toString());
                    }
                }, "dates", "at most 1000"),
                Arguments.of("a range backwards", (Consumer<ObjectNode>) c -> c.putArray("ranges").addObject()
                        .put("from", "2026-12-31").put("to", "2026-12-01"), "ranges[0].to", "not be before"),
                Arguments.of("a range without its end", (Consumer<ObjectNode>) c -> c.putArray("ranges").addObject()
                        .put("from", "2026-12-31"), "ranges[0].to", "required"),
                Arguments.of("101 ranges", (Consumer<ObjectNode>) c -> {
                    var ranges = c.putArray("ranges");
                    for (int i = 0; i < 101; i++) {
                        ranges.addObject().put("from", "2026-01-01").put("to", "2026-01-02");
                    }
                }, "ranges", "at most 100"),
                Arguments.of("a cron unreadable", (Consumer<ObjectNode>) c -> c.put("cron", "every sunday"), "cron", "not a valid Quartz cron"),
                Arguments.of("a description too long", (Consumer<ObjectNode>) c -> c.put("description", "d".repeat(1_001)),
                        "description", "at most 1000 characters"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("broken")
    void refusesABrokenRuleNamingItsField(String rule, Consumer<ObjectNode> breakIt, String field, String message) {
        ObjectNode calendar = Examples.tree("calendar.json");
        breakIt.accept(calendar);

        assertThatThrownBy(() -> EventReader.readCalendar(EventJson.toBytes(calendar)))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.violations())
                        .anySatisfy(v -> {
                            assertThat(v.field()).startsWith(field);
                            assertThat(v.message()).contains(message);
                        }));
    }
}
