package dev.eventscheduler.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The benchmarks' command line: what a newcomer types, and what a typo gets back. */
class BenchmarkOptionsTest {

    @Test
    void allRunsEveryScenarioThreeTimesAfterTwoWarmUps() {
        BenchmarkOptions options = parse("all");

        assertThat(options.scenarios()).isEqualTo(BenchmarkMain.SCENARIOS);
        assertThat(options.runs()).isEqualTo(3);
        assertThat(options.warmups()).isEqualTo(2);
        assertThat(options.bootstrap()).isNull();
    }

    @Test
    void quickRunsOnceWithoutWarmUpUnlessAskedOtherwise() {
        assertThat(parse("execute", "--quick").runs()).isEqualTo(1);
        assertThat(parse("execute", "--quick").warmups()).isZero();
        assertThat(parse("execute", "--quick", "--runs", "2", "--warmups", "1"))
                .extracting(BenchmarkOptions::runs, BenchmarkOptions::warmups).containsExactly(2, 1);
    }

    @Test
    void namedScenariosRunInTheOrderGivenWithTheOptionsGiven() {
        BenchmarkOptions options = parse("failover", "fire-steady", "--runs", "5", "--warmups", "0", "--out", "/tmp/x",
                "--bootstrap", "127.0.0.1:9092");

        assertThat(options.scenarios()).extracting(Scenario::name).containsExactly("failover", "fire-steady");
        assertThat(options.runs()).isEqualTo(5);
        assertThat(options.warmups()).isZero();
        assertThat(options.out()).isEqualTo(Path.of("/tmp/x"));
        assertThat(options.bootstrap()).isEqualTo("127.0.0.1:9092");
    }

    @Test
    void theEnvironmentsBrokerIsUsedUnlessOneIsNamed() {
        assertThat(BenchmarkOptions.parse(new String[] {"e2e"}, "127.0.0.1:1").bootstrap()).isEqualTo("127.0.0.1:1");
        assertThat(BenchmarkOptions.parse(new String[] {"e2e", "--bootstrap", "127.0.0.1:2"}, "127.0.0.1:1").bootstrap())
                .isEqualTo("127.0.0.1:2");
    }

    @Test
    void helpAsksForTheUsageAloneAndTheUsageListsEveryScenario() {
        assertThat(parse("--help").help()).isTrue();
        assertThat(parse("all", "-h").help()).isTrue();
        assertThat(parse("all").help()).isFalse();
        assertThat(BenchmarkOptions.USAGE).contains("--runs", "--warmups", "--quick", "--out", "--bootstrap", "--minutes", "soak");
        BenchmarkMain.SCENARIOS.forEach(scenario -> assertThat(BenchmarkOptions.USAGE).contains(scenario.name()));
    }

    @Test
    void theSoakRunsOnlyWhenNamedForHalfAnHourOrTheMinutesGiven() {
        assertThat(parse("all").scenarios()).extracting(Scenario::name).doesNotContain("soak");
        assertThat(parse("soak").scenarios()).extracting(Scenario::name).containsExactly("soak");
        assertThat(parse("soak").minutes()).isEqualTo(30);
        assertThat(parse("soak")).extracting(BenchmarkOptions::runs, BenchmarkOptions::warmups).containsExactly(1, 0);
        assertThat(parse("soak", "execute")).extracting(BenchmarkOptions::runs, BenchmarkOptions::warmups).containsExactly(3, 2);
        assertThat(parse("soak", "--quick").minutes()).isEqualTo(2);
        assertThat(parse("soak", "--minutes", "1440").minutes()).isEqualTo(1440);
        assertThat(parse("soak").scenarios().get(0).usesSharedBroker()).isFalse();
        assertThatIllegalArgumentException().isThrownBy(() -> parse("soak", "--minutes", "0"))
                .withMessage("--minutes must be at least 1, not 0");
        assertThatIllegalArgumentException().isThrownBy(() -> parse("soak", "--minutes", "1441"))
                .withMessage("--minutes must be at most 1440, not 1441");
        assertThatIllegalArgumentException().isThrownBy(() -> parse("soak", "--minutes", "99999999999"))
                .withMessage("--minutes needs a whole number, not '99999999999'");
    }

    @Test
    void helpRunsNothingAndStartsNoBroker() throws Exception {
        assertThat(BenchmarkMain.run(parse("all", "--help"))).isEmpty();
    }

    @Test
    void aWrongCommandLineIsNamedRatherThanRun() {
        assertThatIllegalArgumentException().isThrownBy(() -> parse())
                .withMessage("name the scenarios to run, or all");
        assertThatIllegalArgumentException().isThrownBy(() -> parse("fire-brust"))
                .withMessageStartingWith("unknown scenario 'fire-brust'; known: raw-produce, ")
                .withMessageEndingWith("failover, soak, or all");
        assertThatIllegalArgumentException().isThrownBy(() -> parse("all", "--run", "1"))
                .withMessage("unknown option --run");
        assertThatIllegalArgumentException().isThrownBy(() -> parse("all", "--runs"))
                .withMessage("--runs needs a value");
        assertThatIllegalArgumentException().isThrownBy(() -> parse("all", "--out", "--quick"))
                .withMessage("--out needs a value");
        assertThatIllegalArgumentException().isThrownBy(() -> parse("all", "--runs", "three"))
                .withMessage("--runs needs a whole number, not 'three'");
        assertThatIllegalArgumentException().isThrownBy(() -> parse("all", "--runs", "0"))
                .withMessage("--runs must be at least 1, not 0");
        assertThatIllegalArgumentException().isThrownBy(() -> parse("all", "--warmups", "-1"))
                .withMessage("--warmups must be at least 0, not -1");
    }

    private static BenchmarkOptions parse(String... args) {
        return BenchmarkOptions.parse(args, null);
    }
}
