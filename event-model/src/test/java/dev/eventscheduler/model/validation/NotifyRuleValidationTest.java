package dev.eventscheduler.model.validation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventscheduler.model.Examples;
import dev.eventscheduler.model.NotifyRule;
import dev.eventscheduler.model.RunState;
import dev.eventscheduler.model.json.EventJson;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/** What a notify rule may say, over REST and off its topic, where anyone can write. */
class NotifyRuleValidationTest {

    @Test
    void acceptsTheWireContractsExampleAndFillsInTheDefaults() throws IOException {
        NotifyRule example = EventJson.read(Examples.bytes("notify-rule.json"), NotifyRule.class);
        NotifyRule bare = EventJson.read("{\"name\": \"n\", \"webhook\": \"http://127.0.0.1:9/x\"}".getBytes(), NotifyRule.class);

        assertThat(NotifyRuleValidator.validate(example, example.name())).isEmpty();
        assertThat(bare.on()).isEqualTo(NotifyRule.DEFAULT_ON);
        assertThat(bare.after()).isEqualTo(1);
        assertThat(bare.pauseOnFailure()).isFalse();
        assertThat(bare.covers("any", "any")).isTrue();
    }

    @Test
    void refusesWhatCouldNeverFireOrBeSentAndARecordUnderAnotherKey() throws IOException {
        NotifyRule bad = EventJson.read(("{\"name\": \"n n\", \"scheduleId\": \"..\", \"on\": [\"STARTED\", null],"
                + " \"after\": 0, \"webhook\": \"http://user:pw@127.0.0.1/x\", \"description\": \"" + "d".repeat(1_001) + "\"}")
                .getBytes(), NotifyRule.class);

        assertThat(NotifyRuleValidator.validate(bad, "other")).extracting(Violation::field)
                .contains("name", "scheduleId", "on", "after", "webhook", "description");
        assertThat(NotifyRuleValidator.validate(new NotifyRule("n", null, null, java.util.List.of(RunState.SKIPPED), 101, null,
                "gopher://127.0.0.1/x", null, null), "n")).extracting(Violation::field).containsExactlyInAnyOrder("after", "webhook");
        assertThat(NotifyRuleValidator.validate(new NotifyRule("n", null, null, null, null, null, null, null, null), "n"))
                .extracting(Violation::field).containsExactly("webhook");
    }
}
