package dev.eventscheduler.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventscheduler.executor.ExecutorMain;
import dev.eventscheduler.scheduler.SchedulerMain;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The configuration reference lists every variable the services read, so none is a secret of the code. */
class ConfigurationReferenceTest {

    static final Path REFERENCE = Path.of("..", "docs", "configuration.md");

    @Test
    void everyVariableTheSchedulerAndTheExecutorReadIsDocumented() throws IOException {
        String reference = Files.readString(REFERENCE);

        assertThat(ServiceVariables.of(SchedulerMain.class)).allSatisfy(name ->
                assertThat(reference).as("docs/configuration.md documents %s", name).contains("`" + name + "`"));
        assertThat(ServiceVariables.of(ExecutorMain.class)).allSatisfy(name ->
                assertThat(reference).as("docs/configuration.md documents %s", name).contains("`" + name + "`"));
    }
}
