package io.govstream.ledger.export;

import io.govstream.schemas.Durations;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A point in time as people type it on a command line: an ISO-8601 instant
 * ({@code 2026-01-01T00:00:00Z}), an offset date-time, a date (midnight UTC), an ISO duration
 * ({@code PT24H}) or a short relative form ({@code 90s}, {@code 30m}, {@code 24h}, {@code 7d},
 * {@code 2w}) counted back from now.
 */
public final class TimeArg {
    private static final Pattern RELATIVE = Pattern.compile("(\\d+)\\s*(s|m|h|d|w)", Pattern.CASE_INSENSITIVE);

    private TimeArg() {
    }

    /** @throws IllegalArgumentException with the accepted forms when {@code text} is none of them */
    public static Instant parse(String text, Instant now) {
        String value = text.trim();
        Matcher relative = RELATIVE.matcher(value);
        if (relative.matches()) {
            return now.minus(Durations.of(Long.parseLong(relative.group(1)), relative.group(2)));
        }
        try {
            if (value.startsWith("P") || value.startsWith("p")) {
                return now.minus(Duration.parse(value));
            }
            if (value.length() == 10) {
                return LocalDate.parse(value).atStartOfDay().toInstant(ZoneOffset.UTC);
            }
            if (value.endsWith("Z") || value.endsWith("z")) {
                return Instant.parse(value.toUpperCase(Locale.ROOT));
            }
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'" + text + "' is not a time: use an ISO-8601 instant (2026-01-01T00:00:00Z), "
                    + "a date (2026-01-01), or a relative time like 30m, 24h, 7d or PT24H", e);
        }
    }

    /**
     * A length of time: {@code 90s}, {@code 30m}, {@code 24h}, {@code 7d}, {@code 2w} or an ISO-8601 duration ({@code PT5M}).
     *
     * @throws IllegalArgumentException with the accepted forms when {@code text} is none of them, or is negative, or is
     *     longer than a long of nanoseconds holds (about 292 years)
     */
    public static Duration duration(String text) {
        Duration duration = Durations.parse(text, RELATIVE, ": use 90s, 30m, 24h, 7d, 2w or PT5M");
        if (duration.isNegative()) {
            throw new IllegalArgumentException("'" + text + "' is negative: a duration here is 0 or more");
        }
        return duration;
    }
}
