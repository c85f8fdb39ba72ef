package io.govstream.axon.work;

import io.govstream.events.DispatchStatus;
import io.govstream.runtime.commands.CommandSeal;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * Axon's command meters. Every series exists from the start (at 0), so rates and alerts see
 * failures from the first one.
 */
final class WorkMeters {
    static final String UNSUPPORTED = "unsupported";

    private final MeterRegistry meters;
    private final Set<String> intents;

    WorkMeters(MeterRegistry meters, Set<String> intents) {
        this.meters = meters;
        this.intents = Set.copyOf(intents);
        for (String intent : intents) {
            // Refusals are counted by reason in axon.commands.refused, never as work.
            for (DispatchStatus status : List.of(DispatchStatus.SUCCEEDED, DispatchStatus.FAILED)) {
                commands(intent, status);
                workDuration(intent, status);
            }
        }
        Counter.builder("axon.commands.undecodable").description("Commands that could not be decoded and were skipped")
                .register(meters);
        Counter.builder("axon.commands.duplicate").description("Commands delivered again and not done twice")
                .register(meters);
        Counter.builder("axon.commands.retried").description("Commands put on the retry topic for a later attempt")
                .register(meters);
        Counter.builder("axon.commands.dead.lettered").description("Commands that failed their last attempt, sent to the dead letters")
                .register(meters);
        for (CommandSeal.Refusal reason : CommandSeal.Refusal.values()) {
            refused(reason);
        }
    }

    MeterRegistry registry() {
        return meters;
    }

    Counter refused(CommandSeal.Refusal reason) {
        return Counter.builder("axon.commands.refused")
                .description("Commands Axon refused to act on: unsigned, tampered, unknown-key, expired, replayed, misaddressed, misrouted")
                .tag("reason", reason.tag()).register(meters);
    }

    Counter commands(String intent, DispatchStatus status) {
        return Counter.builder("axon.commands").description("Commands Axon worked on, by intent and outcome")
                .tag("intent", intents.contains(intent) ? intent : UNSUPPORTED).tag("status", status.name())
                .register(meters);
    }

    Timer workDuration(String intent, DispatchStatus status) {
        return Timer.builder("axon.work.duration").tag("intent", intents.contains(intent) ? intent : UNSUPPORTED)
                .tag("status", status.name())
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofMinutes(1)).register(meters);
    }

    void undecodable() {
        meters.counter("axon.commands.undecodable").increment();
    }

    void duplicate() {
        meters.counter("axon.commands.duplicate").increment();
    }

    void retried() {
        meters.counter("axon.commands.retried").increment();
    }

    void deadLettered() {
        meters.counter("axon.commands.dead.lettered").increment();
    }
}
