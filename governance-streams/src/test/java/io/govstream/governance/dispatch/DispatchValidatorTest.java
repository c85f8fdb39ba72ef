package io.govstream.governance.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import io.govstream.events.DispatchRequested;
import io.govstream.governance.Requests;
import org.junit.jupiter.api.Test;

class DispatchValidatorTest {
    private final DispatchValidator validator = new DispatchValidator();

    @Test
    void givenAWellFormedRequest_whenValidated_thenNoProblems() {
        assertThat(validator.problems(Requests.reason("c-1"), Requests.NOW)).isEmpty();
    }

    @Test
    void givenBlankFields_whenValidated_thenEachIsNamed() {
        DispatchRequested request = Requests.reason("c-1");
        request.setSubject(" ");
        request.setIntent("");
        request.getEnvelope().setCorrelationId("");

        assertThat(validator.problems(request, Requests.NOW))
                .containsExactly("envelope.correlationId is blank", "intent is blank", "subject is blank");
    }

    @Test
    void givenASubjectPosingAsAnErasedPerson_whenValidated_thenRefused() {
        DispatchRequested request = Requests.reason("c-1");
        request.setSubject(io.govstream.schemas.gdpr.SubjectRef.erasedPerson(io.govstream.schemas.gdpr.SubjectRef.of("bob")));

        assertThat(validator.problems(request, Requests.NOW)).containsExactly("subject must not be an erased person's marker");
    }

    @Test
    void givenATenantWithUppercase_whenValidated_thenTheFormatIsNamed() {
        DispatchRequested request = Requests.reason("c-1");
        request.getEnvelope().setTenant("Acme");

        assertThat(validator.problems(request, Requests.NOW)).singleElement().asString()
                .contains("envelope.tenant 'Acme' does not match [a-z0-9][a-z0-9-]{0,62}");
    }

    @Test
    void givenATooLongTarget_whenValidated_thenTheLimitIsNamed() {
        DispatchRequested request = Requests.reason("c-1");
        request.setTarget("a".repeat(201));

        assertThat(validator.problems(request, Requests.NOW)).singleElement().asString().contains("target is 201 characters, at most 200");
    }

    @Test
    void givenAPayloadThatIsNotJson_whenValidated_thenRejected() {
        DispatchRequested request = Requests.reason("c-1");
        request.setPayload("{\"a\": 1} trailing");

        assertThat(validator.problems(request, Requests.NOW)).singleElement().asString().startsWith("payload is not JSON");
    }

    @Test
    void givenAPayloadOver64KiB_whenValidated_thenRejected() {
        DispatchRequested request = Requests.reason("c-1");
        request.setPayload("\"" + "x".repeat(64 * 1024) + "\"");

        assertThat(validator.problems(request, Requests.NOW)).singleElement().asString().contains("at most 65536 allowed");
    }

    @Test
    void givenAnOccurredAtTooFarInTheFuture_whenValidated_thenRejectedButFiveMinutesIsFine() {
        DispatchRequested late = Requests.reason("c-1");
        late.getEnvelope().setOccurredAt(Requests.NOW.plusSeconds(301));
        DispatchRequested skewed = Requests.reason("c-2");
        skewed.getEnvelope().setOccurredAt(Requests.NOW.plusSeconds(300));

        assertThat(validator.problems(late, Requests.NOW)).singleElement().asString().contains("in the future");
        assertThat(validator.problems(skewed, Requests.NOW)).isEmpty();
    }

    @Test
    void givenTooManyOrTooLongAttributes_whenValidated_thenTheLimitIsNamed() {
        DispatchRequested many = Requests.reason("c-1");
        java.util.Map<String, String> attributes = new java.util.HashMap<>();
        for (int i = 0; i < 33; i++) {
            attributes.put("k" + i, "v");
        }
        many.setAttributes(attributes);
        assertThat(validator.problems(many, Requests.NOW)).containsExactly("attributes has 33 entries, at most 32 allowed");

        DispatchRequested longValue = Requests.reason("c-2");
        longValue.setAttributes(java.util.Map.of("team", "x".repeat(1025)));
        assertThat(validator.problems(longValue, Requests.NOW)).containsExactly("attribute 'team' is 1025 characters, at most 1024 allowed");
    }

    @Test
    void givenAnOccurredAtAnHourAhead_whenValidated_thenTheFarFutureIsNamed() {
        DispatchRequested request = Requests.reason("c-1");
        request.getEnvelope().setOccurredAt(Requests.NOW.plus(java.time.Duration.ofHours(1)));
        assertThat(validator.problems(request, Requests.NOW)).singleElement().asString().contains("in the future");
    }
}
