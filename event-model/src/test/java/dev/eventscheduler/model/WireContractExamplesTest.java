package dev.eventscheduler.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.eventscheduler.model.json.EventJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The wire contract page shows the example documents, not copies that drift from what the code reads. */
class WireContractExamplesTest {

    private static final Pattern JSON_BLOCK = Pattern.compile("```json\\n(.*?)```", Pattern.DOTALL);

    @Test
    void everyJsonDocumentOnTheWireContractPageIsOneOfTheTestedExamples() throws IOException {
        String readme = Files.readString(Path.of("..", "docs", "wire-contract.md"));
        List<JsonNode> examples = Stream.of("schedule-cron.json", "schedule-interval.json", "schedule-one-shot.json",
                "schedule-specs.json", "calendar.json", "task-event.json", "task-result.json", "run-end.json", "run-control.json", "dead-letter-action.json",
                "run-log.json", "notify-rule.json").map(name -> (JsonNode) Examples.tree(name)).toList();

        List<JsonNode> shown = new ArrayList<>();
        Matcher block = JSON_BLOCK.matcher(readme);
        while (block.find()) {
            shown.add(EventJson.readTree(block.group(1)));
        }

        assertThat(shown).isNotEmpty();
        assertThat(examples).containsAll(shown);
    }
}
