package io.govstream.governance.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.govstream.events.Effect;
import io.govstream.policy.PolicyInput;
import io.govstream.policy.PolicyEnvironment;
import io.govstream.policy.PolicyLoader;
import io.govstream.policy.PolicySet;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The dispatch policy governance-streams ships (a resource of this module) and its documented copy. */
class ShippedDispatchPolicyTest {

    @Test
    void givenTheShippedPolicy_whenLoaded_thenItPermitsOrbitAxonReasonAndDeniesShutdown() {
        PolicySet set = PolicyLoader.loadDefault();

        assertThat(set.id()).isEqualTo("default-dispatch");
        assertThat(set.evaluate(new PolicyInput("orbit", "axon", "reason", "alice", "any-tenant")).effect()).isEqualTo(Effect.PERMIT);
        assertThat(set.evaluate(new PolicyInput("orbit", "axon", "heartbeat", "alice", "acme")).effect()).isEqualTo(Effect.PERMIT);
        assertThat(set.evaluate(new PolicyInput("orbit", "axon", "shutdown", "alice", "acme")).ruleId()).isEqualTo("deny-shutdown");
        assertThat(set.evaluate(new PolicyInput("orbit", "axon", "delete", "alice", "acme")).ruleId()).isEqualTo("default-deny");
    }

    @Test
    void givenTheDocumentedCopy_whenComparedWithTheShippedPolicy_thenTheyAreIdentical() throws IOException {
        Path copy = Path.of("policies/default-dispatch.yaml");

        assertThat(PolicyLoader.load(copy, PolicyEnvironment.standard()).contentHash())
                .isEqualTo(PolicyLoader.loadDefault().contentHash());
        assertThat(Files.readString(copy)).isEqualTo(new String(getClass().getClassLoader()
                .getResourceAsStream(PolicyLoader.DEFAULT_RESOURCE).readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
    }
}
