package io.govstream.policy;

import io.govstream.schemas.Durations;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Reads a policy set from YAML and compiles its conditions. Strict: unknown keys, unknown effects,
 * missing or duplicate rule ids, conditions that do not type-check are errors naming the file,
 * the line and the rule, so a typo never silently widens a policy. Every problem of a document
 * is collected before failing ({@link PolicyLoadException#problems()}).
 *
 * <pre>
 * id: default-dispatch
 * version: "1"                 # optional: a publication assigns the next version
 * tenant: acme                 # optional: absent = global
 * description: ...
 * defaultEffect: DENY
 * rules:
 *   - id: permit-orbit-axon-reason
 *     match: {source: orbit, target: axon, intent: [reason, heartbeat], tenant: "*", dataClass: public}
 *     when: request.payload.size() &lt; 10 &amp;&amp; now.getHours() &gt;= 6
 *     effect: PERMIT                # PERMIT, DENY or ESCALATE
 *     reason: "orbit may ask axon to ${intent} for ${subject}"
 *     obligations:                  # ESCALATE rules only
 *       escalation: {approvals: {devops: 2}, timeout: 1h}
 * </pre>
 *
 * The JSON schema of the format is {@code governance-streams/policies/policy-set.schema.json}.
 */
public final class PolicyLoader {
    /** The policy set shipped with governance-streams. */
    public static final String DEFAULT_RESOURCE = "io/govstream/governance/policies/default-dispatch.yaml";
    public static final String DEFAULT_PROMOTION_RESOURCE = "io/govstream/governance/policies/default-promotion.yaml";
    /** What a policy set id may look like: it is part of the policies topic's keys. */
    public static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
    /** What a tenant looks like (the request validator's rule). */
    public static final Pattern TENANT = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
    /** The version of a set that names none and was not published. */
    public static final String UNPUBLISHED = "0";

    private static final Pattern SHORT_DURATION = Pattern.compile("(\\d+)(ms|s|m|h|d)");

    private PolicyLoader() {
    }

    public static PolicySet load(Path file, PolicyEnvironment environment) {
        try {
            return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString(), environment);
        } catch (IOException e) {
            throw new PolicyLoadException(file + ": cannot read policy file: " + e.getMessage(), e);
        }
    }

    /** Loads a policy set from the classpath, e.g. {@link #DEFAULT_RESOURCE}. */
    public static PolicySet loadResource(String resource) {
        return parse(readResource(resource), "classpath:" + resource);
    }

    /** The text of a classpath resource, e.g. the shipped default policy's YAML for publishing. */
    public static String readResource(String resource) {
        try (InputStream in = PolicyLoader.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new PolicyLoadException("classpath:" + resource + ": no such resource");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new PolicyLoadException("classpath:" + resource + ": cannot read: " + e.getMessage(), e);
        }
    }

    public static PolicySet loadDefault() {
        return loadResource(DEFAULT_RESOURCE);
    }

    /** @param origin file name or other label used in error messages */
    public static PolicySet parse(String yaml, String origin) {
        return parse(yaml, origin, PolicyEnvironment.standard());
    }

    /** @throws PolicyLoadException listing every problem, each with origin, line and rule id */
    public static PolicySet parse(String yaml, String origin, PolicyEnvironment environment) {
        PolicyParser parser = new PolicyParser(origin, environment);
        PolicySet set = parser.parse(yaml);
        if (!parser.problems().isEmpty()) {
            throw new PolicyLoadException(parser.problems());
        }
        return set;
    }

    /**
     * Validates a document the way a publication does: parses it, checks every key and value, and type-checks every CEL
     * condition against the declared variables (request, now, and the standard extensions' state and flags). Every
     * problem of the document (file, line, rule id, message), empty if it loads; never throws for a bad document.
     */
    public static List<PolicyProblem> problems(String yaml, String origin) {
        PolicyParser parser = new PolicyParser(origin, PolicyEnvironment.standard());
        parser.parse(yaml);
        return List.copyOf(parser.problems());
    }

    /**
     * Parses {@code 1h}, {@code 30m}, {@code 45s}, {@code 2d}, {@code 500ms} or ISO-8601 ({@code PT1H}), at most what a
     * long of nanoseconds holds (about 292 years): deadlines and timers computed from it cannot overflow.
     */
    public static Duration duration(String text) {
        return Durations.parse(text, SHORT_DURATION, " (e.g. 30m, 1h, 2d, PT1H)");
    }
}
