package io.govstream.governance.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.govstream.policy.PolicyLoadException;
import io.govstream.policy.PolicyLoader;

/**
 * Any policy document either loads or is refused with {@link PolicyLoadException} naming its
 * problems: no other exception, no hang (Jazzer reports a timeout as a finding).
 */
class PolicyYamlFuzzTest {

    @FuzzTest(maxExecutions = 20_000)
    void anyDocumentLoadsOrFailsClearly(String yaml) {
        try {
            PolicyLoader.parse(yaml, "fuzz.yaml");
        } catch (PolicyLoadException e) {
            if (e.getMessage() == null || e.getMessage().isBlank()) {
                throw new AssertionError("a refused policy document without a message", e);
            }
        }
    }
}
