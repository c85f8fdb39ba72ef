package io.govstream.ledger.checkpoint;

import io.govstream.events.LedgerCheckpoint;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Witness cosignatures across checkpoint records: a witness writes the checkpoint back with its
 * line added, so one tree head may appear in several records, each with some of the cosignatures.
 * Here they are gathered per tree head, and checked against a {@link WitnessPolicy}.
 */
public final class CheckpointCosignatures {
    private CheckpointCosignatures() {
    }

    /**
     * {@code checkpoint} with a note holding every signature line of every record whose note has the
     * same text (origin, size, root): the most complete form to prove against or to cosign.
     */
    public static LedgerCheckpoint merged(LedgerCheckpoint checkpoint, Collection<CheckpointRecord> records) {
        if (checkpoint.getNote() == null) {
            return checkpoint;
        }
        SignedNote note;
        try {
            note = SignedNote.parse(checkpoint.getNote());
        } catch (IllegalArgumentException e) {
            return checkpoint;
        }
        for (CheckpointRecord record : records) {
            String other = record.checkpoint().getNote();
            if (other == null || other.equals(checkpoint.getNote())) {
                continue;
            }
            try {
                SignedNote parsed = SignedNote.parse(other);
                if (parsed.text().equals(note.text())) {
                    for (SignedNote.Signature s : parsed.signatures()) {
                        if (note.signatures().stream().noneMatch(s::equals) && note.signatures().size() < SignedNote.MAX_SIGNATURES) {
                            note = new SignedNote(note.text(), Stream.concat(note.signatures().stream(), Stream.of(s)).toList());
                        }
                    }
                }
            } catch (IllegalArgumentException e) {
                // a malformed note adds nothing; verification names it
            }
        }
        LedgerCheckpoint copy = LedgerCheckpoint.newBuilder(checkpoint).build();
        copy.setNote(note.format());
        return copy;
    }

    /** A partition's best-witnessed tree head: its size and who cosigned it. */
    public record Witnessed(long size, WitnessPolicy.Cosigned cosigned, CheckpointRecord record) {
    }

    /**
     * Of a partition's checkpoints (verified against the ledger), the largest tree head cosigned by a
     * quorum; else the one with the most trusted cosignatures (empty if none has any note).
     */
    public static Optional<Witnessed> best(List<CheckpointRecord> verified, WitnessPolicy policy) {
        Map<Long, List<CheckpointRecord>> bySize = new TreeMap<>(java.util.Comparator.reverseOrder());
        verified.stream().filter(r -> r.checkpoint().getNote() != null)
                .forEach(r -> bySize.computeIfAbsent(r.checkpoint().getTreeSize(), s -> new ArrayList<>()).add(r));
        Witnessed best = null;
        for (var entry : bySize.entrySet()) {
            List<CheckpointRecord> records = entry.getValue();
            LedgerCheckpoint merged = merged(records.get(records.size() - 1).checkpoint(), records);
            WitnessPolicy.Cosigned cosigned = policy.cosigners(SignedNote.parse(merged.getNote()));
            Witnessed candidate = new Witnessed(entry.getKey(), cosigned, records.get(records.size() - 1));
            if (policy.met(cosigned)) {
                return Optional.of(candidate);
            }
            if (best == null || cosigned.verified().size() > best.cosigned().verified().size()) {
                best = candidate;
            }
        }
        return Optional.ofNullable(best);
    }
}
