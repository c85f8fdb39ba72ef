package io.govstream.cli.dispatch;

import com.fasterxml.jackson.databind.JsonNode;

/** Renders Orbit's view of a dispatch for people. */
public final class DispatchReport {
    private DispatchReport() {
    }

    public static String describe(JsonNode view) {
        StringBuilder text = new StringBuilder();
        text.append("status:   ").append(view.path("status").asText()).append('\n');
        JsonNode decision = view.path("decision");
        if (!decision.isMissingNode()) {
            text.append("decision: ").append(decision.path("effect").asText())
                    .append(" by rule ").append(decision.path("ruleId").asText())
                    .append(" of policy ").append(decision.path("policySetId").asText())
                    .append(" v").append(decision.path("policyVersion").asText())
                    .append(" (").append(decision.path("policyHash").asText()).append(")\n");
            text.append("reason:   ").append(decision.path("reason").asText()).append('\n');
        }
        JsonNode result = view.path("result");
        if (!result.isMissingNode()) {
            text.append("result:   ").append(result.path("status").asText())
                    .append(" by ").append(result.path("worker").asText()).append('\n');
            text.append("output:   ").append(result.path("output").asText()).append('\n');
            if (result.hasNonNull("error")) {
                text.append("error:    ").append(result.path("error").asText()).append('\n');
            }
        }
        return text.toString().stripTrailing();
    }
}
