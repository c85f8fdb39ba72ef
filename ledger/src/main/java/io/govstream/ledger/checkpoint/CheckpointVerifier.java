package io.govstream.ledger.checkpoint;

import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.PublicKeyVerify;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.signature.Ed25519PrivateKey;
import com.google.crypto.tink.signature.Ed25519PublicKey;
import io.govstream.events.CheckpointScope;
import io.govstream.events.LedgerCheckpoint;
import io.govstream.ledger.Bytes;
import io.govstream.secrets.SigningKeyFiles;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Checks checkpoint signatures against a public keyset (every key in it, so checkpoints signed
 * before a key rotation still verify while the old public key stays in the set): the Tink signature
 * over the record's canonical encoding and, when the checkpoint carries one, its C2SP signed note,
 * which must be signed by one of the keyset's Ed25519 keys under the ledger's key name and state the
 * record's origin, tree size and root. Checkpoints from before notes existed verify by the Tink
 * signature alone.
 *
 * <p>Built from verifier keys (vkeys) instead ({@link #ofNoteKeys}), it checks notes only: what an
 * auditor holding just the published vkey can check, e.g. a proof document.
 */
public final class CheckpointVerifier {
    static {
        SigningKeyFiles.registerSignatures();
    }

    private final PublicKeyVerify verify;
    private final Set<String> keyIds;
    private final List<byte[]> ed25519Keys;
    private final List<NoteVerifierKey> fixedNoteKeys;
    private final java.util.Map<String, List<NoteVerifierKey>> noteKeysByTopic = new java.util.concurrent.ConcurrentHashMap<>();

    private CheckpointVerifier(PublicKeyVerify verify, Set<String> keyIds, List<byte[]> ed25519Keys, List<NoteVerifierKey> fixedNoteKeys) {
        this.verify = verify;
        this.keyIds = keyIds;
        this.ed25519Keys = ed25519Keys;
        this.fixedNoteKeys = fixedNoteKeys;
    }

    public static CheckpointVerifier of(KeysetHandle publicKeyset) {
        Set<String> ids = new HashSet<>();
        List<byte[]> raw = new ArrayList<>();
        for (int i = 0; i < publicKeyset.size(); i++) {
            ids.add(String.format("%08x", publicKeyset.getAt(i).getId()));
            Object key = publicKeyset.getAt(i).getKey();
            if (key instanceof Ed25519PrivateKey priv) {
                key = priv.getPublicKey();
            }
            if (key instanceof Ed25519PublicKey pub) {
                raw.add(pub.getPublicKeyBytes().toByteArray());
            }
        }
        try {
            return new CheckpointVerifier(publicKeyset.getPrimitive(RegistryConfiguration.get(), PublicKeyVerify.class), Set.copyOf(ids),
                    List.copyOf(raw), null);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("Not a public signature keyset: " + e.getMessage(), e);
        }
    }

    /** A verifier of checkpoint notes only, from the ledger's published verifier keys (type 0x01). */
    public static CheckpointVerifier ofNoteKeys(List<NoteVerifierKey> vkeys) {
        for (NoteVerifierKey k : vkeys) {
            if (k.type() != NoteVerifierKey.ED25519) {
                throw new IllegalArgumentException("the ledger's verifier key " + k.id() + " must be an Ed25519 note key (type 0x01), not a cosignature key");
            }
        }
        if (vkeys.isEmpty()) {
            throw new IllegalArgumentException("no verifier key");
        }
        return new CheckpointVerifier(null, Set.of(), List.of(), List.copyOf(vkeys));
    }

    /** The verifier keys of the checkpoint notes of {@code ledgerTopic}: one per Ed25519 key, named {@code govstream/<topic>}. */
    public List<NoteVerifierKey> noteKeys(String ledgerTopic) {
        if (fixedNoteKeys != null) {
            return fixedNoteKeys;
        }
        return noteKeysByTopic.computeIfAbsent(ledgerTopic, topic -> ed25519Keys.stream()
                .map(k -> new NoteVerifierKey(CheckpointNote.keyName(topic), NoteVerifierKey.ED25519, k)).toList());
    }

    /** Empty if the signature (and the note, if any) is valid, else why not. */
    public Optional<String> check(LedgerCheckpoint checkpoint) {
        if (verify == null) {
            return Optional.of("only verifier keys (vkeys) were given: a checkpoint record's signature needs the public keyset");
        }
        if (!keyIds.contains(checkpoint.getKeyId())) {
            return Optional.of("signed with key " + checkpoint.getKeyId() + ", which is not among the trusted keys " + keyIds);
        }
        try {
            verify.verify(Bytes.of(checkpoint.getSignature()), CheckpointEncoding.canonical(checkpoint));
        } catch (GeneralSecurityException e) {
            return Optional.of("signature does not verify with key " + checkpoint.getKeyId());
        }
        if (checkpoint.getNote() == null) {
            return Optional.empty();
        }
        if (checkpoint.getScope() != CheckpointScope.PARTITION) {
            return Optional.of("a " + checkpoint.getScope() + " checkpoint carries a note, which only PARTITION checkpoints have");
        }
        return checkNote(checkpoint.getNote(), checkpoint.getLedgerTopic(), checkpoint.getPartition(), checkpoint.getTreeSize(),
                Bytes.of(checkpoint.getRootHash())).map(why -> "its note " + why);
    }

    /**
     * Checks a checkpoint note: signed by one of the ledger's keys (and no signature of a known key
     * that fails), and stating exactly the origin of the partition, {@code size} and {@code root}.
     *
     * @return empty if it holds, else why not (to follow "its note ")
     */
    public Optional<String> checkNote(String note, String ledgerTopic, int partition, long size, byte[] root) {
        SignedNote parsed;
        CheckpointNote body;
        try {
            parsed = SignedNote.parse(note);
            body = CheckpointNote.parse(parsed.text());
        } catch (IllegalArgumentException e) {
            return Optional.of("is malformed: " + e.getMessage());
        }
        try {
            signers(parsed, ledgerTopic);
        } catch (NotSigned e) {
            return Optional.of(e.getMessage());
        }
        String origin = CheckpointNote.origin(ledgerTopic, partition);
        if (!body.origin().equals(origin)) {
            return Optional.of("names origin " + body.origin() + ", not " + origin);
        }
        if (body.treeSize() != size) {
            return Optional.of("states tree size " + body.treeSize() + ", the checkpoint " + size);
        }
        if (!Arrays.equals(body.rootHash(), root)) {
            return Optional.of("states root " + Base64.getEncoder().encodeToString(body.rootHash()) + ", the checkpoint "
                    + Base64.getEncoder().encodeToString(root));
        }
        if (!body.extensions().isEmpty()) {
            return Optional.of("has extension lines, which the ledger never writes");
        }
        return Optional.empty();
    }

    /** A note that the ledger's keys did not validly sign; the message follows "its note ". */
    public static final class NotSigned extends IllegalArgumentException {
        NotSigned(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** The ledger's keys whose signatures on {@code note}, a checkpoint note of {@code ledgerTopic}, verified (not what it states). */
    public List<NoteVerifierKey> signers(SignedNote note, String ledgerTopic) {
        List<NoteVerifierKey> keys = noteKeys(ledgerTopic);
        try {
            return note.open(keys).verifiedKeys();
        } catch (IllegalArgumentException e) {
            throw new NotSigned("is not validly signed by the ledger's key (" + keys.stream().map(NoteVerifierKey::id)
                    .collect(Collectors.joining(", ")) + "): " + e.getMessage(), e);
        }
    }
}
