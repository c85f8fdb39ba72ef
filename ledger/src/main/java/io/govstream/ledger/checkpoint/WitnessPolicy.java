package io.govstream.ledger.checkpoint;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which witnesses a verifier trusts and how many of them must have cosigned a checkpoint
 * (C2SP tlog-cosignature v1, key type 0x04). A cosignature counts when its line names a trusted
 * witness key (name and key hash) and its signature verifies over the checkpoint's note text; each
 * witness counts once.
 */
public record WitnessPolicy(List<NoteVerifierKey> keys, int quorum) {

    public WitnessPolicy {
        keys = List.copyOf(keys);
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("a witness quorum needs at least one witness key");
        }
        Set<String> ids = new HashSet<>();
        for (NoteVerifierKey key : keys) {
            if (key.type() != NoteVerifierKey.COSIGNATURE_V1) {
                throw new IllegalArgumentException("witness key " + key.id() + " is not a cosignature/v1 key (its vkey must encode type 0x04)");
            }
            if (!ids.add(key.id())) {
                throw new IllegalArgumentException("witness key " + key.id() + " is given twice");
            }
        }
        if (quorum < 1 || quorum > keys.size()) {
            throw new IllegalArgumentException("the witness quorum must be between 1 and the " + keys.size() + " witness keys given, not " + quorum);
        }
    }

    /** The witnesses whose cosignatures on a note verified, and the trusted ones whose did not. */
    public record Cosigned(List<NoteVerifierKey> verified, List<String> invalid) {
        public String names() {
            return verified.stream().map(NoteVerifierKey::name).collect(Collectors.joining(", "));
        }
    }

    /** Checks every cosignature line of {@code note} that names a trusted witness. */
    public Cosigned cosigners(SignedNote note) {
        List<NoteVerifierKey> verified = new ArrayList<>();
        List<String> invalid = new ArrayList<>();
        for (SignedNote.Signature s : note.signatures()) {
            for (NoteVerifierKey key : keys) {
                if (key.name().equals(s.name()) && key.keyHash() == s.keyHash() && !verified.contains(key)) {
                    if (key.verify(note.text(), s.signature())) {
                        verified.add(key);
                        invalid.remove("witness " + key.id() + ": its cosignature does not verify");
                    } else if (!invalid.contains("witness " + key.id() + ": its cosignature does not verify")) {
                        invalid.add("witness " + key.id() + ": its cosignature does not verify");
                    }
                }
            }
        }
        verified.sort(java.util.Comparator.comparingInt(keys::indexOf)); // in the order the witnesses were given
        return new Cosigned(List.copyOf(verified), List.copyOf(invalid));
    }

    public boolean met(Cosigned cosigned) {
        return cosigned.verified().size() >= quorum;
    }

    /** "cosigned by 1 of the 2 trusted witnesses (w1), quorum 2". */
    public String describe(Cosigned cosigned) {
        return "cosigned by " + cosigned.verified().size() + " of the " + keys.size() + " trusted witnesses"
                + (cosigned.verified().isEmpty() ? "" : " (" + cosigned.names() + ")") + ", quorum " + quorum;
    }
}
