package io.govstream.governance.policy;

/** The facts of a request a policy matches on and a reason may quote. */
public record PolicyInput(String source, String target, String intent, String subject, String tenant) {
}
