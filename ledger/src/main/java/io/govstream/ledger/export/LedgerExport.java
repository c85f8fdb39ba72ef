package io.govstream.ledger.export;

import io.govstream.events.LedgerEntry;
import io.govstream.ledger.KafkaLedgerReader;
import io.govstream.ledger.KafkaLedgerReader.OffsetRange;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Reads the ledger once, keeps the entries a filter matches and writes them in a format. The
 * positions are fixed before the first read and stated in the header; entries appended while
 * the export runs are not part of it.
 */
public final class LedgerExport {

    /** What an export read and wrote. */
    public record Result(ExportHeader header, long read, long exported) {
    }

    private LedgerExport() {
    }

    /**
     * With a {@code since}, each partition is read from where its entries reach it
     * ({@link KafkaLedgerReader#offsetsAppendedFrom}), not from its first offset, and the header's
     * positions say so.
     *
     * @param decoder      ledger record value → entry
     * @param reveal       turns a stored payload into what the export shows (decrypts personal fields); AS_STORED if none
     * @param maxClockSkew how far an entry's append time may be below one appended before it
     */
    public static Result run(KafkaLedgerReader ledger, String ledgerTopic, Function<byte[], LedgerEntry> decoder,
                             ExportRow.Reveal reveal, ExportFilter filter,
                             Function<ExportHeader, ExportFormat.Sink> output, Instant now, Duration maxClockSkew) {
        Map<Integer, OffsetRange> ranges = new TreeMap<>(ledger.offsetRanges());
        Map<Integer, Long> start = new HashMap<>();
        if (filter.since() != null) {
            ledger.offsetsAppendedFrom(filter.since(), maxClockSkew, b -> decoder.apply(b).getEnvelope().getOccurredAt().toEpochMilli())
                    .forEach((partition, offset) -> ranges.computeIfPresent(partition,
                            (p, r) -> new OffsetRange(p, Math.min(Math.max(r.from(), offset), r.to()), r.to())));
            ranges.values().forEach(r -> start.put(r.partition(), r.from()));
        }
        ExportHeader header = new ExportHeader(ledgerTopic, now, filter, new ArrayList<>(ranges.values()));
        Map<Integer, Long> end = ranges.values().stream().collect(Collectors.toMap(OffsetRange::partition, OffsetRange::to));
        long[] counts = {0, 0};
        try (ExportFormat.Sink sink = output.apply(header)) {
            ledger.replay(null, start, end, r -> {
                counts[0]++;
                ExportRow row = ExportRow.of(decoder.apply(r.value()), r.offset(), reveal);
                if (filter.matches(row)) {
                    sink.write(row);
                    counts[1]++;
                }
            });
        }
        return new Result(header, counts[0], counts[1]);
    }
}
