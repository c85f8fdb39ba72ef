package io.govstream.cli.policy;

import io.govstream.cli.client.DurationConverter;
import io.govstream.cli.client.ExitCodes;
import io.govstream.cli.client.GovctlCommand;
import io.govstream.cli.client.KeyDirOption;
import io.govstream.cli.ledger.LedgerCli;
import io.govstream.cli.ledger.LedgerOptions;
import io.govstream.cli.ledger.Progress;
import io.govstream.events.PolicyMode;
import io.govstream.events.PolicySetPublished;
import io.govstream.governance.whatif.WhatIfReplay;
import io.govstream.ledger.KafkaLedgerReader;
import io.govstream.ledger.export.TimeArg;
import io.govstream.policy.PolicyEnvironment;
import io.govstream.policy.PolicyLoader;
import io.govstream.policy.PolicySet;
import io.govstream.policy.whatif.WhatIfHistory;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "whatif", mixinStandardHelpOptions = true,
        description = {"Replay recorded requests from the ledger through a candidate policy set and show how many decisions would",
                "change, grouped by recorded effect → candidate effect and the candidate's deciding rule, with examples.",
                "The candidate is validated as by 'apply' first. Personal fields are decrypted with the platform's key-encryption",
                "key (--key-dir); requests of erased subjects are skipped and counted. Rules reading 'state' or 'flags' see them as",
                "rebuilt from the ledger at each point. With --since, only the part of the ledger the result depends on is read: the",
                "period, and before it as far as the candidate's rules look back (see the report's 'read' line). Publishes nothing."},
        exitCodeList = {"0:replayed (whatever would change)", "1:invalid policy, bad argument, or the ledger could not be read"})
public final class PolicyWhatIfCommand extends GovctlCommand {
    @Mixin
    private LedgerOptions ledger;
    @Mixin
    private KeyDirOption keyDir;
    @Parameters(paramLabel = "FILE", description = "The candidate policy set YAML.")
    private Path file;
    @Option(names = "--since", paramLabel = "TIME", description = "Compare decisions from (inclusive): ISO-8601 instant or date, or relative like 24h, 7d (default: the first).")
    private String since;
    @Option(names = "--until", paramLabel = "TIME", description = "Compare decisions up to (exclusive), same forms (default: now).")
    private String until;
    @Option(names = "--examples", paramLabel = "N", defaultValue = "3", description = "Examples per group (default: ${DEFAULT-VALUE}).")
    private int examples;
    @Option(names = "--json", description = "Print the report as one JSON document.")
    private boolean json;
    @Option(names = "--max-clock-skew", paramLabel = "DURATION", defaultValue = "5m", converter = DurationConverter.class,
            description = {"With --since, each partition is read from the first entry the result may depend on, found by the entries'",
                    "append times; those come from the writers' clocks, which may go back this much (another instance's clock",
                    "after a failover) and differ this much from the clock that dated policy publications. Larger reads more.",
                    "Default: ${DEFAULT-VALUE}."})
    private Duration maxClockSkew;

    /** When each ACTIVE policy set with a tenant scope was published: a global candidate's scope depends on them. */
    private List<Instant> tenantSetsPublishedAt(LedgerCli cli) {
        return PolicyHistory.read(cli).all().stream()
                .filter(p -> p.getTenantScope() != null && p.getMode() == PolicyMode.ACTIVE)
                .map(PolicySetPublished::getPublishedAt).toList();
    }

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (examples < 0) {
            throw new IllegalArgumentException("--examples must be 0 or more, was " + examples);
        }
        Optional<String> valid = PolicyFile.readValid(file, err, "policy whatif", "nothing replayed");
        if (valid.isEmpty()) {
            return ExitCodes.FAILURE;
        }
        Instant now = Instant.now();
        Instant from = since == null ? null : TimeArg.parse(since, now);
        Instant to = until == null ? null : TimeArg.parse(until, now);
        PolicySet candidate = PolicyLoader.parse(valid.get(), file.toString(), PolicyEnvironment.standard());
        LedgerCli cli = ledger.cli();
        WhatIfReplay replay = new WhatIfReplay(candidate, PolicyEnvironment.standard(), from, to, cli.reveal(keyDir.kek(ledger.config().dataDir(), err::println), err::println),
                examples);
        Progress progress = new Progress(err);
        KafkaLedgerReader reader = new KafkaLedgerReader(cli.kafka, cli.ledgerTopic, Duration.ofSeconds(30), progress::update);
        WhatIfHistory history = WhatIfHistory.of(candidate, from, from == null || candidate.tenant() != null ? List.of()
                : tenantSetsPublishedAt(cli), maxClockSkew);
        Map<Integer, Long> start = history.wholeLedger() ? Map.of()
                : reader.offsetsAppendedFrom(history.from(), maxClockSkew, b -> cli.entry(b).getEnvelope().getOccurredAt().toEpochMilli());
        long read = reader.replay(null, start, record -> replay.accept(cli.entry(record.value())));
        progress.done();
        WhatIfOutput.Header header = new WhatIfOutput.Header(candidate, cli.ledgerTopic, from, to, read, replay.decisionsRead(),
                new WhatIfOutput.Read(history.from(), history.reason(), start));
        if (json) {
            WhatIfOutput.json(out, header, replay.report());
        } else {
            WhatIfOutput.text(out, header, replay.report());
        }
        return ExitCodes.OK;
    }
}
