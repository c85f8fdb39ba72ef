package io.govstream.ledger.export;

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
    private static final Pattern RELATIVE = Pattern.compile("(\\d+)\\s*(s|m|h|d|w)");
    /** The longest length of time that fits in a long of nanoseconds, as timeouts and clocks count it. */
    private static final Duration LONGEST = Duration.ofNanos(Long.MAX_VALUE);

    private TimeArg() {
    }

    /** @throws IllegalArgumentException with the accepted forms when {@code text} is none of them */
    public static Instant parse(String text, Instant now) {
        String value = text.trim();
        Matcher relative = RELATIVE.matcher(value.toLowerCase(Locale.ROOT));
        if (relative.matches()) {
            return now.minus(relative(relative));
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
        String value = text.trim();
        Matcher relative = RELATIVE.matcher(value.toLowerCase(Locale.ROOT));
        Duration duration;
        try {
            duration = relative.matches() ? relative(relative) : Duration.parse(value.toUpperCase(Locale.ROOT));
        } catch (ArithmeticException | NumberFormatException e) {
            throw tooLong(text, e); // only from the short form, whose digits matched: too many of them
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'" + text + "' is not a duration: use 90s, 30m, 24h, 7d, 2w or PT5M", e);
        }
        if (duration.isNegative()) {
            throw new IllegalArgumentException("'" + text + "' is negative: a duration here is 0 or more");
        }
        if (duration.compareTo(LONGEST) > 0) {
            throw tooLong(text, null);
        }
        return duration;
    }

    private static IllegalArgumentException tooLong(String text, Exception cause) {
        return new IllegalArgumentException("'" + text + "' is too long: at most " + LONGEST.toDays() + "d (about 292 years)", cause);
    }

    private static Duration relative(Matcher relative) {
        long n = Long.parseLong(relative.group(1));
        return switch (relative.group(2)) {
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            case "d" -> Duration.ofDays(n);
            default -> Duration.ofDays(Math.multiplyExact(7, n));
        };
    }
}
