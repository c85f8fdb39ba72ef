package io.govstream.orbit.fuzz;

import io.govstream.orbit.Refused;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.govstream.orbit.dispatch.DispatchForm;

/** Any request body parses to a dispatch or fails with a message (and a field when one is at fault). */
class DispatchFormFuzzTest {

    @FuzzTest(maxExecutions = 200_000)
    void anyBodyParsesOrFailsClearly(String body) {
        try {
            DispatchForm.parse(body);
        } catch (Refused.BadRequest e) {
            if (e.getMessage() == null || e.getMessage().isBlank()) {
                throw new AssertionError("an invalid dispatch without a message", e);
            }
        }
    }
}
