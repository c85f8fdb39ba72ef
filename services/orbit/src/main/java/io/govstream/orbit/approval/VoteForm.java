package io.govstream.orbit.approval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.govstream.orbit.Refused;
import io.govstream.orbit.auth.OrbitRoles;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * A vote on an escalated request, from the caller's token and an optional JSON body
 * {@code {"role": "devops", "comment": "..."}}. The voter is the token's subject, never the body's;
 * the vote's role must be one of the token's voting roles (devops, security), and may be
 * left out when the token carries exactly one.
 */
public record VoteForm(String correlationId, String approver, String role, String comment) {
    static final int MAX_ID = 200;
    static final int MAX_COMMENT = 1024;
    private static final Set<String> FIELDS = Set.of("role", "comment", "approver");

    public static VoteForm parse(String correlationId, String body, String subject, Collection<String> tokenRoles) {
        if (correlationId == null || correlationId.isBlank() || correlationId.length() > MAX_ID) {
            throw new Refused.BadRequest("correlationId", "the escalated request's correlation id must be 1-" + MAX_ID + " characters");
        }
        JsonNode root = body == null || body.isBlank() ? JsonNodeFactory.instance.objectNode()
                : Refused.parseObject(body, "expected a JSON object with role and comment");
        root.fieldNames().forEachRemaining(name -> {
            if (!FIELDS.contains(name)) {
                throw new Refused.BadRequest(name, "unknown field '" + name + "' (allowed: role, comment)");
            }
        });
        String approver = text(root, "approver", MAX_ID);
        if (approver != null && !approver.equals(subject)) {
            throw new Refused.Forbidden("approver", "body approver does not match the token's subject: a vote is cast as the token's subject");
        }
        Set<String> mine = new TreeSet<>(tokenRoles);
        mine.retainAll(OrbitRoles.HUMAN);
        String role = text(root, "role", MAX_ID);
        if (role == null) {
            if (mine.size() != 1) {
                throw new Refused.BadRequest("role", "role is required: the token may vote in " + List.copyOf(mine));
            }
            role = mine.iterator().next();
        } else if (!mine.contains(role)) {
            throw new Refused.Forbidden("role", "the token may not vote in role '" + role + "' (it may in " + List.copyOf(mine) + ")");
        }
        return new VoteForm(correlationId, subject, role, text(root, "comment", MAX_COMMENT));
    }

    private static String text(JsonNode root, String field, int max) {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual() || node.asText().isBlank() || node.asText().length() > max) {
            throw new Refused.BadRequest(field, field + " must be a non-blank string of at most " + max + " characters");
        }
        return node.asText();
    }
}
