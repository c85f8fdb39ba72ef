package io.govstream.orbit.dispatch;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.serde.annotation.Serdeable;

/** A dispatch as Orbit reports it at {@code GET /dispatch/{id}}. */
@Serdeable
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DispatchView(
        String correlationId,
        String tenant,
        DispatchStatus status,
        String reason,
        Decision decision,
        Result result) {

    /** The governance decision, with the policy that made it, and the id of the command a PERMIT yields. */
    @Serdeable
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Decision(String effect, String policySetId, String policyVersion, String policyHash, String ruleId,
                           String reason, String decidedAt, String commandId) {
    }

    /** What the worker did. */
    @Serdeable
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Result(String commandId, String status, String worker, String output, String error, String finishedAt) {
    }

    static DispatchView pending(String correlationId, String tenant) {
        return new DispatchView(correlationId, tenant, DispatchStatus.PENDING, null, null, null);
    }
}
