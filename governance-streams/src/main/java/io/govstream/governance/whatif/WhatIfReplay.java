package io.govstream.governance.whatif;

import io.govstream.policy.whatif.WhatIfHistory;
import io.govstream.policy.whatif.WhatIfReport;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.govstream.events.FlagChange;
import io.govstream.events.GovernanceDecision;
import io.govstream.events.LedgerEntry;
import io.govstream.events.LedgerEntryKind;
import io.govstream.events.PolicyChanged;
import io.govstream.events.PolicyMode;
import io.govstream.governance.flags.FlagValues;
import io.govstream.policy.FlagsExtension;
import io.govstream.policy.PolicyContext;
import io.govstream.policy.PolicyEnvironment;
import io.govstream.policy.PolicyInput;
import io.govstream.policy.PolicySet;
import io.govstream.policy.StateExtension;
import io.govstream.policy.Verdict;
import io.govstream.policy.ReplayState;
import io.govstream.ledger.PayloadDecoder;
import io.govstream.ledger.export.ExportRow;
import io.govstream.ledger.gdpr.PersonalFields;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Replays recorded decisions through a candidate policy set (govctl policy whatif), one ledger
 * entry at a time, in each partition's order.
 *
 * <ul>
 *   <li>The request is what the ledger's copy of each decision recorded: source, target, intent,
 *       tenant, subject, payload and attributes (personal fields decrypted through the given
 *       reveal); {@code now} is the recorded decision time.</li>
 *   <li>{@code state} is rebuilt per ledger partition (= input partition, as the live counts are)
 *       from every recorded decision before, including those outside the period, and counts the
 *       candidate's own effects: it answers "what if the candidate had been in force".</li>
 *   <li>{@code flags} are the values in force at that point of the partition, rebuilt from the
 *       ledger's flag changes (STATE_CHANGE, FlagChange), as the task ledgers each change just
 *       before the first decision that saw it; any other extension reads its neutral values.</li>
 *   <li>Only policy evaluations are compared: an escalation's final decision (made by votes; its
 *       causation is not the request) and validation denials are skipped and counted.</li>
 *   <li>Scope: a tenant candidate replays that tenant's requests; a global one the requests of
 *       tenants without an active set of their own at that point of the partition's history
 *       (from the POLICY_CHANGE entries).</li>
 * </ul>
 */
public final class WhatIfReplay {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, String>> STRING_MAP = new TypeReference<>() {
    };

    private final PolicySet candidate;
    private final Instant since;
    private final Instant until;
    private final ExportRow.Reveal reveal;
    private final WhatIfReport report;
    private final Map<String, Object> neutralValues;
    private final Map<Integer, ReplayState> states = new HashMap<>();
    private final Map<Integer, Set<String>> tenantsWithOwnSet = new HashMap<>();
    private final Map<Integer, Map<String, Object>> flagsByPartition = new HashMap<>();
    private static final String FLAG_CHANGE_TYPE = FlagChange.getClassSchema().getFullName();
    private long decisionsRead;

    /**
     * @param since  first decision time compared (inclusive), or null
     * @param until  end of the period (exclusive), or null
     * @param reveal opens personal fields (decryption with the subjects' keys)
     */
    public WhatIfReplay(PolicySet candidate, PolicyEnvironment environment, Instant since, Instant until, ExportRow.Reveal reveal,
                        int examplesPerGroup) {
        this.candidate = Objects.requireNonNull(candidate, "candidate");
        this.since = since;
        this.until = until;
        this.reveal = Objects.requireNonNull(reveal, "reveal");
        this.report = new WhatIfReport(examplesPerGroup);
        this.neutralValues = environment.neutralValues();
    }

    public void accept(LedgerEntry entry) {
        if (entry.getKind() == LedgerEntryKind.POLICY_CHANGE && ExportRow.POLICY_CHANGE_TYPE.equals(entry.getPayloadType())) {
            policyChange(entry.getPartition(), PayloadDecoder.decode(entry, PolicyChanged.class));
        } else if (entry.getKind() == LedgerEntryKind.STATE_CHANGE && FLAG_CHANGE_TYPE.equals(entry.getPayloadType())) {
            flagChange(entry.getPartition(), PayloadDecoder.decode(entry, FlagChange.class));
        } else if (entry.getKind() == LedgerEntryKind.DECISION && ExportRow.DECISION_TYPE.equals(entry.getPayloadType())) {
            decisionsRead++;
            decision(entry);
        }
    }

    public WhatIfReport report() {
        return report;
    }

    /** Decision entries read, in and outside the period. */
    public long decisionsRead() {
        return decisionsRead;
    }

    /** Rules whose condition reads {@code state} or {@code flags}: their outcome depends on what the replay rebuilt. */
    public static Map<String, List<String>> stateDependentRules(PolicySet set) {
        Map<String, List<String>> byVariable = new HashMap<>();
        for (String variable : List.of(StateExtension.VARIABLE, FlagsExtension.VARIABLE)) {
            List<String> rules = WhatIfHistory.rulesReading(set, variable);
            if (!rules.isEmpty()) {
                byVariable.put(variable, rules);
            }
        }
        return byVariable;
    }

    private void policyChange(int partition, PolicyChanged change) {
        if (change.getMode() != PolicyMode.ACTIVE || change.getTenantScope() == null || !"dispatch".equals(change.getKind())) {
            return; // a tenant's own promotion set never decides its dispatches
        }
        tenantsWithOwnSet.computeIfAbsent(partition, p -> new HashSet<>()).add(change.getTenantScope());
    }

    private void flagChange(int partition, FlagChange change) {
        Map<String, Object> flags = new HashMap<>(flagsByPartition.getOrDefault(partition, Map.of()));
        if (change.getValue() == null) {
            flags.remove(change.getName());
        } else {
            flags.put(change.getName(), FlagValues.cel(change.getValue()));
        }
        flagsByPartition.put(partition, Map.copyOf(flags));
    }

    private void decision(LedgerEntry entry) {
        GovernanceDecision stored = PayloadDecoder.decode(entry, GovernanceDecision.class);
        String tenant = stored.getEnvelope().getTenant();
        WhatIfReport.Skip skip = !stored.getEnvelope().getCausationId().equals(stored.getRequestEventId()) ? WhatIfReport.Skip.ESCALATION_OUTCOME
                : Verdict.VALIDATION.equals(stored.getRuleId()) ? WhatIfReport.Skip.INVALID
                : Verdict.MAX_AGE.equals(stored.getRuleId()) ? WhatIfReport.Skip.STALE
                : !inScope(entry.getPartition(), tenant) ? WhatIfReport.Skip.OUT_OF_SCOPE : null;
        if (skip != null) {
            count(stored, skip);
            return;
        }
        Instant now = stored.getEnvelope().getOccurredAt();
        ReplayState state = states.computeIfAbsent(entry.getPartition(), p -> new ReplayState());
        GovernanceDecision open = (GovernanceDecision) reveal.apply(entry, stored);
        WhatIfReport.Skip unreadable = unreadable(open);
        if (unreadable != null) {
            // Source, target, intent and tenant are not personal: the request still counts in the rate windows.
            state.decided(new PolicyInput(stored.getSource(), stored.getTarget(), stored.getIntent(), "", tenant), stored.getEffect(), now);
            count(stored, unreadable);
            return;
        }
        PolicyInput input = new PolicyInput(open.getSource(), open.getTarget(), open.getIntent(), open.getSubject(), tenant,
                open.getRequestPayload(), attributes(open));
        Map<String, Object> values = new HashMap<>(neutralValues);
        values.put(StateExtension.VARIABLE, state.at(input, now));
        values.put(FlagsExtension.VARIABLE, flagsByPartition.getOrDefault(entry.getPartition(), Map.of()));
        Verdict verdict = candidate.evaluate(new PolicyContext(input, now, values));
        state.decided(input, verdict.effect(), now);
        if (!inPeriod(now)) {
            report.skip(WhatIfReport.Skip.OUTSIDE_PERIOD);
            return;
        }
        report.replayed(new WhatIfReport.Outcome(stored.getEnvelope().getCorrelationId(), now, tenant, open.getSource(),
                open.getTarget(), open.getIntent(), stored.getEffect(), stored.getRuleId(), verdict.effect(), verdict.ruleId(),
                verdict.reason()));
    }

    private void count(GovernanceDecision stored, WhatIfReport.Skip why) {
        report.skip(inPeriod(stored.getEnvelope().getOccurredAt()) ? why : WhatIfReport.Skip.OUTSIDE_PERIOD);
    }

    private boolean inScope(int partition, String tenant) {
        if (candidate.tenant() != null) {
            return candidate.tenant().equals(tenant);
        }
        return !tenantsWithOwnSet.getOrDefault(partition, Set.of()).contains(tenant);
    }

    private boolean inPeriod(Instant at) {
        return (since == null || !at.isBefore(since)) && (until == null || at.isBefore(until));
    }

    private static WhatIfReport.Skip unreadable(GovernanceDecision open) {
        for (String field : new String[] {open.getSubject(), open.getRequestPayload(), open.getRequestAttributes()}) {
            if (PersonalFields.ERASED.equals(field)) {
                return WhatIfReport.Skip.ERASED;
            }
            if (PersonalFields.isToken(field)) {
                return WhatIfReport.Skip.ENCRYPTED;
            }
        }
        return open.getRequestAttributes().isEmpty() ? WhatIfReport.Skip.NOT_RECORDED : null;
    }

    private static Map<String, String> attributes(GovernanceDecision open) {
        try {
            return JSON.readValue(open.getRequestAttributes(), STRING_MAP);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("decision " + open.getEnvelope().getCorrelationId()
                    + ": recorded request attributes are not a JSON object of strings: " + e.getOriginalMessage(), e);
        }
    }
}
