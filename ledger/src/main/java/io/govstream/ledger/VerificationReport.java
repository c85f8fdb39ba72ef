package io.govstream.ledger;

import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/** The outcome of verifying a ledger: per-partition heads and every problem found, in read order. */
public record VerificationReport(SortedMap<Integer, PartitionSummary> partitions, List<Problem> problems) {

    public VerificationReport {
        partitions = new TreeMap<>(partitions);
        problems = List.copyOf(problems);
    }

    public boolean isClean() {
        return problems.isEmpty();
    }

    public long entriesChecked() {
        return partitions.values().stream().mapToLong(PartitionSummary::entriesChecked).sum();
    }

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder();
        out.append(isClean() ? "ledger verified: " : "ledger NOT verified: ").append(entriesChecked())
                .append(" entries in ").append(partitions.size()).append(" partitions, ")
                .append(problems.size()).append(" problems");
        partitions.values().forEach(p -> out.append("\n  partition ").append(p.partition()).append(": ")
                .append(p.entriesChecked()).append(" entries, next sequence ").append(p.head().nextSequence())
                .append(", head ").append(p.head().lastHashHex()));
        problems.forEach(p -> out.append("\n  ").append(p));
        return out.toString();
    }
}
