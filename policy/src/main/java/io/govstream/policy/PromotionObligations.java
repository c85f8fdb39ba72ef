package io.govstream.policy;

import com.cronutils.model.Cron;
import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What a promotion rule requires before a version may go ahead: passed checks, approvals per
 * role (distinct people, never the requester), time the version must have run in the source
 * environment (soak), change-freeze windows during which the step waits, and the health
 * thresholds of the blue/green watch in the target environment.
 *
 * @param checks    check kinds whose latest result for the version must be a pass
 * @param approvals role → number of distinct approvers required
 * @param soak      how long the version must have run in the source environment; zero = none
 * @param freezes   windows in which the step is blocked
 * @param health    thresholds watched after a traffic switch in the target environment, or null
 */
public record PromotionObligations(List<String> checks, Map<String, Integer> approvals, Duration soak, List<FreezeWindow> freezes,
                                   Health health) {

    public PromotionObligations {
        checks = List.copyOf(checks);
        approvals = Collections.unmodifiableMap(new TreeMap<>(approvals));
        soak = soak == null ? Duration.ZERO : soak;
        freezes = List.copyOf(freezes);
    }

    /** Canonical text for the content hash: fixed field order, checks as written (their order is the report's). */
    String canonical() {
        StringBuilder out = new StringBuilder("checks=").append(String.join(",", checks)).append(";approvals=");
        approvals.forEach((role, n) -> out.append(role).append(':').append(n).append(','));
        out.append(";soak=").append(soak).append(";freeze=");
        for (FreezeWindow freeze : freezes) {
            out.append(freeze.name()).append('|').append(freeze.cron()).append('|').append(freeze.duration()).append('|')
                    .append(freeze.zone()).append(',');
        }
        out.append(";health=");
        if (health != null) {
            out.append(health.maxErrorRate()).append('|').append(health.maxLatencyP99Ms()).append('|').append(health.watch());
        }
        return out.toString();
    }

    /**
     * A change freeze: it starts at every time the (Unix, five-field) cron expression matches, in
     * {@code zone}, and lasts {@code duration}. {@code {name: weekend, cron: "0 18 * * FRI", duration: 62h}}
     * freezes from Friday 18:00 to Monday 08:00.
     */
    public record FreezeWindow(String name, String cron, Duration duration, ZoneId zone) {
        private static final CronParser PARSER = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));

        public FreezeWindow {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(duration, "duration");
            zone = zone == null ? ZoneId.of("UTC") : zone;
            parse(cron); // fails on a bad expression
        }

        /** @throws IllegalArgumentException naming what is wrong with the expression */
        static Cron parse(String cron) {
            Cron parsed = PARSER.parse(Objects.requireNonNull(cron, "cron"));
            parsed.validate();
            return parsed;
        }

        /** When the freeze covering {@code now} ends, or empty if none does. */
        public Optional<Instant> endOfFreezeAt(Instant now) {
            ZonedDateTime at = now.atZone(zone);
            ExecutionTime times = ExecutionTime.forCron(parse(cron));
            // The latest start at or before now decides: an earlier start of a window of the same length ends earlier.
            Optional<ZonedDateTime> start = times.isMatch(at.withSecond(0).withNano(0)) ? Optional.of(at.withSecond(0).withNano(0))
                    : times.lastExecution(at);
            return start.map(s -> s.plus(duration).toInstant()).filter(end -> end.isAfter(now));
        }
    }

    /**
     * Blue/green watch: after traffic switches to the new colour, a health report above either
     * threshold within {@code watch} rolls back; a watch that ends healthy retires the old colour.
     */
    public record Health(double maxErrorRate, double maxLatencyP99Ms, Duration watch) {
        public Health {
            Objects.requireNonNull(watch, "watch");
        }
    }
}
