package io.govstream.policy.whatif;

import io.govstream.policy.FlagsExtension;
import io.govstream.policy.PolicyRule;
import io.govstream.policy.PolicySet;
import io.govstream.policy.StateExtension;
import io.govstream.policy.StateWindows;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * How much of the ledger before {@code --since} a what-if replay ({@link WhatIfReplay}) must read
 * to give the result a replay from the first entry gives. A replay rebuilds, from everything before
 * each decision, what the candidate reads: {@code state} counts, flags, and which tenants had a set
 * of their own (out of a global candidate's scope). So:
 *
 * <ul>
 *   <li>rules that read no {@code state} and no {@code flags} need only the period;</li>
 *   <li>{@code state.rate(w)} counts every decided request in the {@code w} before ({@code w} at
 *       most {@link StateWindows#MAX}): the period and the hour before it;</li>
 *   <li>{@code state.today()} counts the candidate's own permits since the start of the UTC day,
 *       each decided with the rates of the hour before it: from the hour before that day;</li>
 *   <li>{@code state.recentDenials(w)} counts the candidate's own denials, each of which may depend
 *       on denials before it, without a bound: the whole ledger;</li>
 *   <li>{@code flags} are the values set by the last flag change before, however old: the whole ledger;</li>
 *   <li>a global candidate skips the requests of tenants with an ACTIVE set of their own from the
 *       point the ledger recorded that set: the whole ledger if one was published before the
 *       start (within the clock skew), otherwise nothing more.</li>
 * </ul>
 * Conditions are searched for these names as words, so a name in a string literal reads more, never less.
 *
 * @param from   the append time to read from, or null for the whole ledger
 * @param reason why, in words
 */
public record WhatIfHistory(Instant from, String reason) {

    public WhatIfHistory {
        Objects.requireNonNull(reason, "reason");
    }

    public boolean wholeLedger() {
        return from == null;
    }

    /**
     * @param since                 the period's start, or null (the whole ledger is the period)
     * @param tenantSetsPublishedAt when each ACTIVE policy set with a tenant scope was published (from the policies topic)
     * @param maxClockSkew          how far the clocks of govctl and of the ledger's writers may disagree
     */
    public static WhatIfHistory of(PolicySet candidate, Instant since, List<Instant> tenantSetsPublishedAt, Duration maxClockSkew) {
        if (since == null) {
            return new WhatIfHistory(null, "no --since: the period starts at the first entry");
        }
        List<String> flags = rulesReading(candidate, FlagsExtension.VARIABLE);
        if (!flags.isEmpty()) {
            return new WhatIfHistory(null, "rules reading flags (" + String.join(", ", flags)
                    + ") see the values set by the last flag change before each decision, however old");
        }
        List<String> denials = rulesReading(candidate, "recentDenials");
        if (!denials.isEmpty()) {
            return new WhatIfHistory(null, "rules reading state.recentDenials (" + String.join(", ", denials)
                    + ") count the candidate's own earlier denials, each of which may depend on denials before it");
        }
        Instant from = since;
        String reason = "no rule reads state or flags: only the period";
        List<String> state = rulesReading(candidate, StateExtension.VARIABLE);
        if (!state.isEmpty()) {
            from = since.minus(StateWindows.MAX);
            reason = "rules reading state (" + String.join(", ", state) + ") count the requests of up to "
                    + StateWindows.MAX.toMinutes() + " minutes before each decision";
        }
        List<String> today = rulesReading(candidate, "today");
        if (!today.isEmpty()) {
            Instant dayStart = Instant.ofEpochSecond(Math.floorDiv(since.getEpochSecond(), 86_400L) * 86_400L);
            from = dayStart.minus(StateWindows.MAX);
            reason = "rules reading state.today() (" + String.join(", ", today) + ") count the candidate's permits since the start"
                    + " of the UTC day, decided with the requests of up to " + StateWindows.MAX.toMinutes() + " minutes before each";
        }
        if (candidate.tenant() == null) {
            Instant readFrom = from;
            Optional<Instant> tenantSet = tenantSetsPublishedAt.stream().filter(t -> t.isBefore(readFrom.plus(maxClockSkew)))
                    .min(Instant::compareTo);
            if (tenantSet.isPresent()) {
                return new WhatIfHistory(null, "a tenant's own policy set (published " + tenantSet.get()
                        + ") takes that tenant's requests out of a global candidate's scope from where the ledger recorded it");
            }
        }
        return new WhatIfHistory(from, reason);
    }

    /** Ids of the rules whose condition names {@code word}. */
    public static List<String> rulesReading(PolicySet set, String word) {
        Pattern pattern = Pattern.compile("\\b" + Pattern.quote(word) + "\\b");
        return set.rules().stream().filter(rule -> rule.when() != null && pattern.matcher(rule.when().expression()).find())
                .map(PolicyRule::id).toList();
    }
}
