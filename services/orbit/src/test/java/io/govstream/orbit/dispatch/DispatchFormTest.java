package io.govstream.orbit.dispatch;

import io.govstream.orbit.Refused;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DispatchFormTest {

    @Test
    void givenACompleteBody_whenParsed_thenEveryFieldIsKept() {
        DispatchForm form = DispatchForm.parse("""
                {"target":"axon","intent":"reason","subject":"alice","tenant":"acme",
                 "payload":{"n":1},"attributes":{"env":"dev"}}""");
        assertThat(form.target()).isEqualTo("axon");
        assertThat(form.intent()).isEqualTo("reason");
        assertThat(form.subject()).isEqualTo("alice");
        assertThat(form.tenant()).isEqualTo("acme");
        assertThat(form.payloadJson()).isEqualTo("{\"n\":1}");
        assertThat(form.attributes()).containsEntry("env", "dev");
    }

    @Test
    void givenNoPayload_whenParsed_thenPayloadIsAnEmptyObject() {
        assertThat(DispatchForm.parse("{\"target\":\"axon\",\"intent\":\"reason\",\"subject\":\"a\",\"tenant\":\"t\"}")
                .payloadJson()).isEqualTo("{}");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"intent\":\"reason\",\"subject\":\"a\",\"tenant\":\"t\"}|target|missing required field 'target'",
            "{\"target\":\"axon\",\"subject\":\"a\",\"tenant\":\"t\"}|intent|missing required field 'intent'",
            "{\"target\":\"axon\",\"intent\":\"reason\",\"subject\":\"a\"}|tenant|missing required field 'tenant'",
            "{\"target\":\" \",\"intent\":\"reason\",\"subject\":\"a\",\"tenant\":\"t\"}|target|must not be blank",
            "{\"target\":7,\"intent\":\"reason\",\"subject\":\"a\",\"tenant\":\"t\"}|target|must be a string",
            "{\"target\":\"axon\",\"intent\":\"reason\",\"subject\":\"a\",\"tenant\":\"Bad Tenant\"}|tenant|tenant must match",
            "{\"target\":\"axon\",\"intent\":\"reason\",\"tenant\":\"external\"}|tenant|reserved for requests from outside the platform",
            "{\"target\":\"axon\",\"intent\":\"reason\",\"subject\":\"a\",\"tenant\":\"t\",\"payload\":[1]}|payload|payload must be a JSON object",
            "{\"target\":\"axon\",\"intent\":\"reason\",\"subject\":\"a\",\"tenant\":\"t\",\"attributes\":{\"x\":1}}|attributes.x|must be a string"
    })
    void givenABadField_whenParsed_thenTheErrorNamesTheField(String body, String field, String message) {
        assertThatThrownBy(() -> DispatchForm.parse(body))
                .isInstanceOfSatisfying(Refused.BadRequest.class, e -> {
                    assertThat(e.field()).isEqualTo(field);
                    assertThat(e.getMessage()).contains(message);
                });
    }

    @Test
    void givenMalformedJson_whenParsed_thenTheErrorSaysWhere() {
        assertThatThrownBy(() -> DispatchForm.parse("{\"target\": \"axon\",,}"))
                .isInstanceOf(Refused.BadRequest.class)
                .hasMessageContaining("malformed JSON at line 1");
    }

    @Test
    void givenAnOversizedPayload_whenParsed_thenRejected() {
        String big = "x".repeat(DispatchForm.MAX_PAYLOAD_BYTES);
        assertThatThrownBy(() -> DispatchForm.parse("{\"target\":\"axon\",\"intent\":\"reason\",\"subject\":\"a\","
                + "\"tenant\":\"t\",\"payload\":{\"blob\":\"" + big + "\"}}"))
                .isInstanceOfSatisfying(Refused.BadRequest.class, e -> assertThat(e.field()).isEqualTo("payload"));
    }

    @Test
    void givenNoSubjectInTheBody_whenAuthenticatedAsAlice_thenAliceIsTheSubject() {
        DispatchForm form = DispatchForm.parse("{\"target\":\"axon\",\"intent\":\"reason\",\"tenant\":\"t\"}");
        assertThat(form.asSubject("alice").subject()).isEqualTo("alice");
    }

    @Test
    void givenAnotherSubjectInTheBody_whenAuthenticatedAsAlice_thenRefused() {
        DispatchForm form = DispatchForm.parse("{\"target\":\"axon\",\"intent\":\"reason\",\"subject\":\"mallory\",\"tenant\":\"t\"}");
        assertThatThrownBy(() -> form.asSubject("alice")).isInstanceOf(Refused.Forbidden.class)
                .hasMessageContaining("does not match the token's subject");
    }

    @Test
    void givenAnAttributeOverTheLimit_whenParsed_then400NamingIt() {
        String body = "{\"target\":\"axon\",\"intent\":\"reason\",\"tenant\":\"t\",\"attributes\":{\"team\":\"" + "x".repeat(1025) + "\"}}";
        assertThatThrownBy(() -> DispatchForm.parse(body)).isInstanceOf(Refused.BadRequest.class)
                .hasMessageContaining("attribute 'team' is longer than 1024 characters");
    }
}
