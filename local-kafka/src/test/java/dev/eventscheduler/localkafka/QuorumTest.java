package dev.eventscheduler.localkafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The controller quorum a node is told on its command line, and the replication it implies. */
class QuorumTest {

    @Test
    void readsKafkasVotersFormAndWritesItBack() {
        Quorum quorum = Quorum.parse("3@127.0.0.1:9097, 1@127.0.0.1:9093,2@127.0.0.1:9095");

        assertThat(quorum.size()).isEqualTo(3);
        assertThat(quorum.voters()).isEqualTo("1@127.0.0.1:9093,2@127.0.0.1:9095,3@127.0.0.1:9097");
        assertThat(quorum.controllerPorts()).containsEntry(2, 9095);
    }

    @Test
    void oneNodeReplicatesOnceAndThreeOrMoreThreeTimesWithTwoInSync() {
        assertThat(Quorum.single(1, 9093)).extracting(Quorum::replicationFactor, Quorum::minInsyncReplicas).containsExactly(1, 1);
        assertThat(Quorum.parse("1@127.0.0.1:1,2@127.0.0.1:2")).extracting(Quorum::replicationFactor, Quorum::minInsyncReplicas)
                .containsExactly(2, 1);
        assertThat(Quorum.parse("1@127.0.0.1:1,2@127.0.0.1:2,3@127.0.0.1:3"))
                .extracting(Quorum::replicationFactor, Quorum::minInsyncReplicas).containsExactly(3, 2);
        assertThat(Quorum.parse("1@127.0.0.1:1,2@127.0.0.1:2,3@127.0.0.1:3,4@127.0.0.1:4,5@127.0.0.1:5"))
                .extracting(Quorum::replicationFactor, Quorum::minInsyncReplicas).containsExactly(3, 2);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "1", "1@localhost:9093", "1@10.0.0.1:9093", "x@127.0.0.1:9093", "1@127.0.0.1:port",
            "1@127.0.0.1:99999999999", "1@127.0.0.1:0", "1@127.0.0.1:65536", "-1@127.0.0.1:9093", "1@127.0.0.1:9093,,2@127.0.0.1:9095"})
    void anythingButVotersOnLoopbackIsRefusedNamingTheVoter(String voters) {
        assertThatIllegalArgumentException().isThrownBy(() -> Quorum.parse(voters)).withMessageContaining("is not <node id>@127.0.0.1:<port>");
    }

    @Test
    void aNodeMustBeOneOfItsQuorumsVotersAndAScramUserPlainText() {
        assertThatIllegalArgumentException().isThrownBy(() -> LocalKafkaBroker.builder().nodeId(4)
                .controllerQuorum("1@127.0.0.1:9093,2@127.0.0.1:9095,3@127.0.0.1:9097").build())
                .withMessageContaining("node 4 must be one of the quorum's voters");
        assertThatIllegalArgumentException().isThrownBy(() -> LocalKafkaBroker.builder().scramUser("a,b", "p"));
        assertThatIllegalArgumentException().isThrownBy(() -> LocalKafkaBroker.builder().scramUser("admin", "p]w"));
    }
}
