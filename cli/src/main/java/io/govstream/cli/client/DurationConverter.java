package io.govstream.cli.client;

import io.govstream.ledger.export.TimeArg;
import java.time.Duration;
import picocli.CommandLine;

/**
 * A length of time on the command line, read as {@link TimeArg#duration} reads it (90s, 30m, 24h,
 * 7d, 2w or PT5M): an option typed {@link Duration} with this converter is checked while the
 * arguments are parsed, so a value that is none is a usage error before the command does anything.
 */
public final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
        try {
            return TimeArg.duration(value);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.TypeConversionException(e.getMessage());
        }
    }
}
