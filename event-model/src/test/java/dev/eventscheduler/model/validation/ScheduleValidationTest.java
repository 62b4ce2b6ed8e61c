package dev.eventscheduler.model.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.eventscheduler.model.Examples;
import dev.eventscheduler.model.ScheduleDefinition;
import dev.eventscheduler.model.Trigger;
import dev.eventscheduler.model.json.EventJson;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class ScheduleValidationTest {

    @ParameterizedTest
    @ValueSource(strings = {"schedule-cron.json", "schedule-interval.json", "schedule-one-shot.json", "schedule-specs.json"})
    void acceptsTheExamples(String example) {
        ScheduleDefinition definition = EventReader.readSchedule(Examples.bytes(example));

        assertThat(ScheduleValidator.validate(definition)).isEmpty();
    }

    static Stream<Arguments> brokenRules() {
        return Stream.of(
                broken("id missing", s -> s.remove("id"), "id", "is required"),
                broken("id too long", s -> s.put("id", "x".repeat(201)), "id", "at most 200"),
                broken("id with a slash", s -> s.put("id", "../etc/passwd"), "id", "may only contain"),
                broken("id with a space", s -> s.put("id", "my job"), "id", "may only contain"),
                broken("id that is a path segment", s -> s.put("id", ".."), "id", "must not be '.' or '..'"),
                broken("taskType missing", s -> s.remove("taskType"), "taskType", "is required"),
                broken("taskKey blank", s -> s.put("taskKey", " "), "taskKey", "is required"),
                broken("trigger missing", s -> s.remove("trigger"), "trigger", "is required"),
                broken("two trigger kinds", s -> trigger(s).put("at", "2026-12-01T00:00:00Z"), "trigger",
                        "exactly one of cron, intervalMs, at, specs, fixedDelayMs; found cron, at"),
                broken("no trigger kind", s -> s.putObject("trigger").put("timeZone", "UTC"), "trigger",
                        "exactly one of cron, intervalMs, at, specs, fixedDelayMs; found none"),
                broken("trigger not an object", s -> s.put("trigger", "every minute"), "trigger", "must be"),
                broken("cron unparsable", s -> trigger(s).put("cron", "0 61 * * * ?"), "trigger.cron",
                        "not a valid Quartz cron expression"),
                broken("cron without seconds", s -> trigger(s).put("cron", "*/5 * * * *"), "trigger.cron",
                        "not a valid Quartz cron expression"),
                broken("time zone unknown", s -> trigger(s).put("timeZone", "Mars/Olympus"), "trigger.timeZone",
                        "not a known time-zone id"),
                broken("interval zero", s -> s.putObject("trigger").put("intervalMs", 0), "trigger.intervalMs",
                        "between 10 and"),
                broken("interval negative", s -> s.putObject("trigger").put("intervalMs", -5), "trigger.intervalMs",
                        "between 10 and"),
                broken("interval faster than 10 ms", s -> s.putObject("trigger").put("intervalMs", 1),
                        "trigger.intervalMs", "between 10 and"),
                broken("interval of Long.MAX_VALUE ms", s -> s.putObject("trigger").put("intervalMs", Long.MAX_VALUE),
                        "trigger.intervalMs", "between 10 and"),
                broken("interval as a string", s -> s.putObject("trigger").put("intervalMs", "1000"),
                        "trigger.intervalMs", "must be a whole number"),
                broken("interval starting in year +999999999", s -> s.putObject("trigger").put("intervalMs", 1000)
                        .put("startAt", "+999999999-12-31T23:59:59Z"), "trigger.startAt", "between 1970"),
                broken("interval ending past year 9999", s -> s.putObject("trigger").put("intervalMs", 1000)
                        .put("endAt", "+10000-01-01T00:00:00Z"), "trigger.endAt", "between 1970"),
                broken("cron ending past year 9999", s -> trigger(s).put("endAt", "+10000-01-01T00:00:00Z"),
                        "trigger.endAt", "between 1970"),
                broken("cron ending before 1970", s -> trigger(s).put("endAt", "1969-12-31T23:59:59Z"),
                        "trigger.endAt", "between 1970"),
                broken("cron end unreadable", s -> trigger(s).put("endAt", "next year"), "trigger.endAt", "ISO-8601 instant"),
                broken("jitter negative", s -> s.put("jitterMs", -1), "jitterMs", "between 0 and 31622400000"),
                broken("jitter past 366 days", s -> s.put("jitterMs", 31_622_400_001L), "jitterMs", "between 0 and 31622400000"),
                broken("jitter past a long", s -> s.put("jitterMs", new java.math.BigInteger("99999999999999999999")),
                        "jitterMs", "out of range of long"),
                broken("jitter not a number", s -> s.put("jitterMs", "a bit"), "jitterMs", "must be a whole number"),
                broken("no specs", s -> s.putObject("trigger").putArray("specs"), "trigger.specs", "must list 1 to 20"),
                broken("21 specs", s -> {
                    var specs = s.putObject("trigger").putArray("specs");
                    for (int i = 0; i < 21; i++) {
                        specs.addObject().put("intervalMs", 1000 + i);
                    }
                }, "trigger.specs", "listed 21"),
                broken("a spec's cron unreadable", s -> {
                    var specs = s.putObject("trigger").putArray("specs");
                    specs.addObject().put("cron", "0 0 * * * ?");
                    specs.addObject().put("cron", "61 * * * * ?");
                }, "trigger.specs[1].cron", "not a valid Quartz cron"),
                broken("a spec's interval too fast", s -> s.putObject("trigger").putArray("specs").addObject().put("intervalMs", 1),
                        "trigger.specs[0].intervalMs", "between 10 and"),
                broken("a spec's end past year 9999", s -> s.putObject("trigger").putArray("specs").addObject()
                        .put("cron", "0 0 * * * ?").put("endAt", "+10000-01-01T00:00:00Z"), "trigger.specs[0].endAt", "between 1970"),
                broken("a one-shot as a spec", s -> s.putObject("trigger").putArray("specs").addObject()
                        .put("at", "2030-01-01T00:00:00Z"), "trigger.specs[0]", "must be a cron or an interval"),
                broken("specs within specs", s -> s.putObject("trigger").putArray("specs").addObject()
                        .putArray("specs").addObject().put("intervalMs", 1000), "trigger.specs[0]", "must be a cron or an interval"),
                broken("specs not a list", s -> s.putObject("trigger").put("specs", "hourly"), "trigger.specs", ""),
                broken("specs beside a cron", s -> trigger(s).putArray("specs").addObject().put("intervalMs", 1000),
                        "trigger", "exactly one of cron, intervalMs, at, specs, fixedDelayMs"),
                broken("fixed delay under 10 ms", s -> s.putObject("trigger").put("fixedDelayMs", 9),
                        "trigger.fixedDelayMs", "between 10 and"),
                broken("fixed delay past 100 years", s -> s.putObject("trigger").put("fixedDelayMs", Long.MAX_VALUE),
                        "trigger.fixedDelayMs", "between 10 and"),
                broken("fixed delay not a number", s -> s.putObject("trigger").put("fixedDelayMs", "a minute"),
                        "trigger.fixedDelayMs", "must be a whole number"),
                broken("fixed delay starting in year +999999999", s -> s.putObject("trigger").put("fixedDelayMs", 1000)
                        .put("startAt", "+999999999-12-31T23:59:59Z"), "trigger.startAt", "between 1970"),
                broken("fixed delay ending before its start", s -> s.putObject("trigger").put("fixedDelayMs", 1000)
                        .put("startAt", "2026-12-01T00:00:00Z").put("endAt", "2026-11-30T23:59:59Z"), "trigger.endAt",
                        "must not be before startAt"),
                broken("fixed delay ending in year +999999999", s -> s.putObject("trigger").put("fixedDelayMs", 1000)
                        .put("endAt", "+999999999-12-31T23:59:59Z"), "trigger.endAt", "between 1970"),
                broken("a fixed delay as a spec", s -> s.putObject("trigger").putArray("specs").addObject()
                        .put("fixedDelayMs", 1000), "trigger.specs[0]", "must be a cron or an interval"),
                broken("fixed delay beside a cron", s -> trigger(s).put("fixedDelayMs", 1000),
                        "trigger", "exactly one of cron, intervalMs, at, specs, fixedDelayMs; found cron, fixedDelayMs"),
                broken("11 calendars", s -> {
                    var names = s.putArray("calendars");
                    for (int i = 0; i < 11; i++) {
                        names.add("c" + i);
                    }
                }, "calendars", "at most 10 calendars"),
                broken("a calendar name with a space", s -> s.putArray("calendars").add("bank holidays"), "calendars[0]",
                        "may only contain"),
                broken("max runs zero", s -> s.put("maxRuns", 0), "maxRuns", "between 1 and 2147483647"),
                broken("max runs negative", s -> s.put("maxRuns", Long.MIN_VALUE), "maxRuns", "between 1 and 2147483647"),
                broken("max runs past an int", s -> s.put("maxRuns", 2_147_483_648L), "maxRuns", "between 1 and 2147483647"),
                broken("max runs past a long", s -> s.put("maxRuns", new java.math.BigInteger("99999999999999999999")),
                        "maxRuns", "out of range of long"),
                broken("max runs not a number", s -> s.put("maxRuns", "three"), "maxRuns", "must be a whole number"),
                broken("one-shot in year +999999999", s -> s.putObject("trigger").put("at", "+999999999-12-31T23:59:59Z"),
                        "trigger.at", "between 1970-01-01T00:00:00Z and 9999-12-31T23:59:59.999Z"),
                broken("one-shot before 1970", s -> s.putObject("trigger").put("at", "1969-12-31T23:59:59Z"),
                        "trigger.at", "between 1970"),
                broken("interval not a number", s -> s.putObject("trigger").put("intervalMs", "often"),
                        "trigger.intervalMs", "must be a whole number"),
                broken("interval fractional", s -> s.putObject("trigger").put("intervalMs", 1.5),
                        "trigger.intervalMs", "must be a whole number"),
                broken("interval ends before it starts", s -> s.putObject("trigger").put("intervalMs", 1000)
                        .put("startAt", "2026-11-21T10:00:00Z").put("endAt", "2026-11-21T09:00:00Z"),
                        "trigger.endAt", "after startAt"),
                broken("one-shot time unreadable", s -> s.putObject("trigger").put("at", "tomorrow"), "trigger.at",
                        "ISO-8601 instant"),
                broken("payload too large", s -> s.putObject("payload").put("blob", "x".repeat(256 * 1024)),
                        "payload", "at most 262144 bytes"),
                broken("misfire policy unknown", s -> s.put("misfirePolicy", "SOMETIMES"), "misfirePolicy",
                        "one of FIRE_ONCE, SKIP, FIRE_ALL"),
                broken("overlap unknown", s -> s.put("overlap", "MAYBE"), "overlap", "must be one of [SKIP, BUFFER_ONE, BUFFER_ALL, CANCEL_OTHER, TERMINATE_OTHER, ALLOW_ALL]"),
                broken("overlap in the wrong case", s -> s.put("overlap", "cancel_other"), "overlap", "must be one of [SKIP"),
                broken("older concurrency unknown", s -> { s.remove("overlap"); s.put("concurrency", "MAYBE"); }, "overlap",
                        "(or the older ALLOW, FORBID)"),
                broken("no attempts", s -> retry(s).put("maxAttempts", 0), "retry.maxAttempts", "between 1 and 100"),
                broken("too many attempts", s -> retry(s).put("maxAttempts", 101), "retry.maxAttempts",
                        "between 1 and 100"),
                broken("negative backoff", s -> retry(s).put("backoffMs", -1), "retry.backoffMs", "between 0"),
                broken("shrinking backoff", s -> retry(s).put("multiplier", 0.5), "retry.multiplier",
                        "between 1.0 and 10.0"),
                broken("cap below backoff", s -> retry(s).put("maxBackoffMs", 10), "retry.maxBackoffMs",
                        "between backoffMs"),
                broken("timeout zero", s -> s.put("timeoutMs", 0), "timeoutMs", "between 1 and"),
                broken("run timeout under a second", s -> s.put("runTimeoutMs", 999), "runTimeoutMs", "between 1000 and"),
                broken("run timeout over 366 days", s -> s.put("runTimeoutMs", 31_622_400_001L), "runTimeoutMs",
                        "between 1000 and"),
                broken("run timeout past a long", s -> s.put("runTimeoutMs", Long.MAX_VALUE), "runTimeoutMs",
                        "between 1000 and"),
                broken("run timeout negative", s -> s.put("runTimeoutMs", Long.MIN_VALUE), "runTimeoutMs",
                        "between 1000 and"),
                broken("catch-up window negative", s -> s.put("catchUpWindowMs", -1), "catchUpWindowMs",
                        "between 0 and 31622400000"),
                broken("catch-up window past 366 days", s -> s.put("catchUpWindowMs", 31_622_400_001L), "catchUpWindowMs",
                        "between 0 and 31622400000"),
                broken("catch-up window past a long", s -> s.put("catchUpWindowMs", new java.math.BigInteger("99999999999999999999")),
                        "catchUpWindowMs", "out of range of long"),
                broken("catch-up window not a number", s -> s.put("catchUpWindowMs", "an hour"), "catchUpWindowMs",
                        "must be a whole number"),
                broken("pause note too long", s -> s.put("paused", true).putObject("pause").put("note", "n".repeat(1_001)),
                        "pause.note", "at most 1000 characters"),
                broken("pause by too long", s -> s.put("paused", true).putObject("pause").put("by", "b".repeat(201)),
                        "pause.by", "at most 200 characters"),
                broken("pause in year +999999999", s -> s.put("paused", true).putObject("pause").put("at", "+999999999-12-31T23:59:59Z"),
                        "pause.at", "between 1970"),
                broken("pause note not text", s -> s.put("paused", true).putObject("pause").putObject("note"), "pause.note",
                        "must be a string"),
                broken("paused not a boolean", s -> s.put("paused", "sometimes"), "paused", "true or false"),
                broken("label value not text", s -> s.putObject("labels").putObject("team"), "labels.team",
                        "must be a string"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenRules")
    void refusesABrokenRuleNamingItsField(String rule, Consumer<ObjectNode> breakIt, String field, String message) {
        ObjectNode schedule = Examples.tree("schedule-cron.json");
        breakIt.accept(schedule);

        List<Violation> problems = problemsOf(schedule);

        assertThat(problems).as("problems for: %s", rule)
                .anySatisfy(problem -> {
                    assertThat(problem.field()).isEqualTo(field);
                    assertThat(problem.message()).contains(message);
                });
    }

    @Test
    void anOverlapPolicyNotOfferedIsRefusedInTheUsersWordsNotJacksons() {
        ObjectNode schedule = Examples.tree("schedule-cron.json");
        schedule.put("overlap", "TERMINATE_ALL");

        assertThat(problemsOf(schedule)).singleElement().satisfies(problem -> {
            assertThat(problem.field()).isEqualTo("overlap");
            assertThat(problem.message()).isEqualTo("must be one of [SKIP, BUFFER_ONE, BUFFER_ALL, CANCEL_OTHER, TERMINATE_OTHER, ALLOW_ALL] (or the older ALLOW, FORBID)");
        });
    }

    @Test
    void reportsEveryProblemAtOnce() {
        ObjectNode schedule = Examples.tree("schedule-cron.json");
        schedule.put("id", "bad id!");
        trigger(schedule).put("timeZone", "Nowhere/Land");
        schedule.put("misfirePolicy", "NEVER");
        retry(schedule).put("maxAttempts", "three");
        schedule.put("timeoutMs", -1);

        assertThat(problemsOf(schedule)).extracting(Violation::field).containsExactlyInAnyOrder(
                "id", "trigger.timeZone", "misfirePolicy", "retry.maxAttempts", "timeoutMs");
    }

    @Test
    void aShapeProblemIsNotReportedAgainAsMissing() {
        ObjectNode schedule = Examples.tree("schedule-cron.json");
        trigger(schedule).put("intervalMs", 5);

        assertThat(problemsOf(schedule)).extracting(Violation::field).containsExactly("trigger");
    }

    @Test
    void refusesABodyThatIsNotAJsonObject() {
        assertThat(problemsOf("{\"id\": ".getBytes())).singleElement()
                .satisfies(p -> assertThat(p.field()).isEqualTo("body"))
                .satisfies(p -> assertThat(p.message()).startsWith("is not valid JSON"));
        assertThat(problemsOf("[1, 2]".getBytes())).extracting(Violation::toString)
                .containsExactly("body: must be a JSON object");
    }

    @Test
    void requireValidThrowsWithAMessageListingEachField() {
        ScheduleDefinition definition = ScheduleDefinition.of("ok", "noop", Trigger.Interval.every(0));

        assertThatThrownBy(() -> ScheduleValidator.requireValid(definition))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("trigger.intervalMs: must be between 10 and");
    }

    private static List<Violation> problemsOf(ObjectNode schedule) {
        return problemsOf(EventJson.toBytes(schedule));
    }

    private static List<Violation> problemsOf(byte[] json) {
        try {
            EventReader.readSchedule(json);
            return List.of();
        } catch (ValidationException e) {
            return e.violations();
        }
    }

    private static ObjectNode trigger(ObjectNode schedule) {
        return (ObjectNode) schedule.get("trigger");
    }

    private static ObjectNode retry(ObjectNode schedule) {
        return (ObjectNode) schedule.get("retry");
    }

    private static Arguments broken(String rule, Consumer<ObjectNode> breakIt, String field, String message) {
        return Arguments.of(rule, breakIt, field, message);
    }
}
