package io.govstream.policy;

/**
 * What CEL conditions see as {@code state}: an opaque value of type {@code govstream.State} whose
 * member functions are bound by {@link StateExtension} to these methods. Implemented over the
 * decision task's state stores ({@code io.govstream.governance.state.StoreState}) and over a
 * policy test case's {@code given.state} ({@code GivenState}).
 *
 * <p>Counts never include the request being decided: a condition sees the requests before it.
 */
public interface PolicyState {
    /** {@code state.rate("1m")}: requests of the same (tenant, source, intent) in the window, per-second buckets. */
    long rate(String window);

    /** {@code state.today()}: PERMITTED requests of the same (tenant, source, intent) so far this UTC day. */
    long today();

    /** {@code state.recentDenials("10m")}: DENY decisions for the same (tenant, source) in the window. */
    long recentDenials(String window);

    /**
     * {@code state.ofSubject()}: the same counts narrowed to the request's subject:
     * {@code state.ofSubject().rate("1m")} counts (tenant, source, intent, subject),
     * {@code state.ofSubject().today()} the subject's PERMITs of that intent today, and
     * {@code state.ofSubject().recentDenials("10m")} the subject's denials from that source, so one
     * person's denials never lock out the rest of the tenant. Narrowing twice is narrowing once.
     */
    PolicyState ofSubject();
}
