package dev.eventscheduler.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The standalone's command line: each option read, and a bad value refused naming the option. */
class StandaloneMainTest {

    @Test
    void readsTheDataDirectoryAndTheBrokersPorts() {
        assertThat(StandaloneMain.applyArguments(new String[] {"--no-demo", "--data-dir", "/tmp/x", "--kafka-port", "0",
                "--kafka-controller-port", "65535"}, Standalone.builder())).isTrue();
        assertThat(StandaloneMain.applyArguments(new String[] {"--help"}, Standalone.builder())).as("help only").isFalse();
    }

    @Test
    void refusesAPortOutOfRangeOrNotANumberNamingTheOption() {
        assertThatThrownBy(() -> StandaloneMain.applyArguments(new String[] {"--kafka-port", "65536"}, Standalone.builder()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--kafka-port").hasMessageContaining("65536");
        assertThatThrownBy(() -> StandaloneMain.applyArguments(new String[] {"--kafka-controller-port", "-1"},
                Standalone.builder())).hasMessageContaining("--kafka-controller-port");
        assertThatThrownBy(() -> StandaloneMain.applyArguments(new String[] {"--kafka-port", "ninety"}, Standalone.builder()))
                .hasMessageContaining("--kafka-port");
        assertThatThrownBy(() -> StandaloneMain.applyArguments(new String[] {"--kafka-port"}, Standalone.builder()))
                .hasMessageContaining("--kafka-port needs a port");
        assertThatThrownBy(() -> StandaloneMain.applyArguments(new String[] {"--port", "1"}, Standalone.builder()))
                .hasMessageContaining("unknown argument --port");
    }
}
