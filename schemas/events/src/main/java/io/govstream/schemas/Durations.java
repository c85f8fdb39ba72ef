package io.govstream.schemas;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Lengths of time as people write them in policy files and on command lines: a whole number and a unit
 * ({@code 500ms}, {@code 90s}, {@code 30m}, {@code 24h}, {@code 7d}, {@code 2w}) or ISO-8601 ({@code PT5M}). One
 * parser for the policy module and the command line, so both bound a length the same way; each caller says which
 * short forms it accepts.
 */
public final class Durations {
    /** The longest length of time that fits in a long of nanoseconds, as deadlines, timers and timeouts count it. */
    private static final Duration LONGEST = Duration.ofNanos(Long.MAX_VALUE);
    private static final Map<String, Duration> UNITS = Map.of("ms", Duration.ofMillis(1), "s", Duration.ofSeconds(1),
            "m", Duration.ofMinutes(1), "h", Duration.ofHours(1), "d", Duration.ofDays(1), "w", Duration.ofDays(7));

    private Durations() {
    }

    /**
     * A short form or an ISO-8601 duration, at most what a long of nanoseconds holds (about 292 years), so nothing
     * computed from it can overflow.
     *
     * @param shortForm the short forms the caller accepts: group 1 the number, group 2 the unit (in any case)
     * @param forms what the message about text that is no duration ends with, naming the accepted forms
     * @throws IllegalArgumentException when {@code text} is no duration, or is longer than that
     */
    public static Duration parse(String text, Pattern shortForm, String forms) {
        String value = text.trim();
        Matcher m = shortForm.matcher(value);
        Duration duration;
        try {
            duration = m.matches() ? of(Long.parseLong(m.group(1)), m.group(2)) : Duration.parse(value);
        } catch (ArithmeticException | NumberFormatException e) {
            throw tooLong(text, e); // only from the short form, whose digits matched: too many of them
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'" + text + "' is not a duration" + forms, e);
        }
        if (duration.compareTo(LONGEST) > 0) {
            throw tooLong(text, null);
        }
        return duration;
    }

    /**
     * {@code amount} of {@code unit} (ms, s, m, h, d or w, in any case), unbounded.
     *
     * @throws ArithmeticException when that does not fit in a {@link Duration}
     */
    public static Duration of(long amount, String unit) {
        return UNITS.get(unit.toLowerCase(Locale.ROOT)).multipliedBy(amount);
    }

    private static IllegalArgumentException tooLong(String text, Exception cause) {
        return new IllegalArgumentException("'" + text + "' is too long: at most " + LONGEST.toDays() + "d (about 292 years)", cause);
    }
}
