package io.govstream.ledger.checkpoint;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A C2SP signed note (https://c2sp.org/signed-note): a text ending in a newline, a blank line, and
 * one or more signature lines {@code "— <key name> <base64(4-byte key hash || signature)>\n"}
 * (em dash U+2014, space). The text is separated from the signatures by the last blank line.
 * Parsing and verification follow the reference implementation ({@code golang.org/x/mod/sumdb/note},
 * {@code Open}): valid UTF-8 without control characters other than newline, at most 100 signature
 * lines, signatures of unknown keys ignored, a signature of a known key that does not verify
 * rejects the note. Hand-written for the reason given in {@link NoteVerifierKey}.
 */
public record SignedNote(String text, List<Signature> signatures) {
    /** Em dash and space: the start of every signature line. */
    public static final String SIGNATURE_PREFIX = "\u2014 ";
    /** As the reference implementation: beyond this many signature lines a note is malformed. */
    public static final int MAX_SIGNATURES = 100;

    /** One signature line: who (name and key hash) and the signature bytes after the key hash. */
    public record Signature(String name, int keyHash, byte[] signature) {
        public Signature {
            Objects.requireNonNull(name, "name");
            signature = signature.clone();
            if (!isValidName(name)) {
                throw new IllegalArgumentException("malformed note: invalid key name '" + name + "'");
            }
        }

        @Override
        public byte[] signature() {
            return signature.clone();
        }

        /** {@code name+hash}. */
        public String id() {
            return name + "+" + NoteVerifierKey.hashHex(keyHash);
        }

        /** The base64 field of the line: key hash then signature. */
        public String base64() {
            return Base64.getEncoder().encodeToString(ByteBuffer.allocate(4 + signature.length).putInt(keyHash).put(signature).array());
        }

        public String line() {
            return SIGNATURE_PREFIX + name + " " + base64() + "\n";
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Signature other && name.equals(other.name) && keyHash == other.keyHash
                    && java.util.Arrays.equals(signature, other.signature);
        }

        @Override
        public int hashCode() {
            return Objects.hash(name, keyHash, java.util.Arrays.hashCode(signature));
        }
    }

    /** What {@link #verify} found: signatures of known keys that verified, and those of unknown keys. */
    public record Verification(String text, List<Signature> verified, List<NoteVerifierKey> verifiedKeys, List<Signature> unverified) {
    }

    public SignedNote {
        Objects.requireNonNull(text, "text");
        signatures = List.copyOf(signatures);
        if (text.isEmpty() || !text.endsWith("\n")) {
            throw new IllegalArgumentException("malformed note: the text must end with a newline");
        }
        checkCharacters(text);
    }

    /** The note as text: the text, a blank line, the signature lines. */
    public String format() {
        StringBuilder out = new StringBuilder(text).append('\n');
        signatures.forEach(s -> out.append(s.line()));
        return out.toString();
    }

    /** This note with {@code signature} added, replacing any signature of the same key (name and hash). */
    public SignedNote with(Signature signature) {
        List<Signature> out = new ArrayList<>(signatures);
        out.removeIf(s -> s.name().equals(signature.name()) && s.keyHash() == signature.keyHash());
        out.add(signature);
        return new SignedNote(text, out);
    }

    /**
     * Parses a note without verifying any signature.
     *
     * @throws IllegalArgumentException starting "malformed note" and saying why
     */
    public static SignedNote parse(String note) {
        Objects.requireNonNull(note, "note");
        checkCharacters(note);
        int split = note.lastIndexOf("\n\n");
        if (split < 0) {
            throw new IllegalArgumentException("malformed note: no blank line before the signatures");
        }
        String text = note.substring(0, split + 1);
        String sigs = note.substring(split + 2);
        if (sigs.isEmpty() || !sigs.endsWith("\n")) {
            throw new IllegalArgumentException("malformed note: no signature lines, or the last one does not end with a newline");
        }
        List<Signature> signatures = new ArrayList<>();
        for (String line : sigs.substring(0, sigs.length() - 1).split("\n", -1)) {
            if (!line.startsWith(SIGNATURE_PREFIX)) {
                throw new IllegalArgumentException("malformed note: '" + line + "' is not a signature line ('\u2014 <name> <signature>')");
            }
            String[] nameB64 = chop(line.substring(SIGNATURE_PREFIX.length()), ' ');
            byte[] sig = strictBase64(nameB64[1]);
            if (!isValidName(nameB64[0]) || nameB64[1].isEmpty() || sig == null || sig.length < 5) {
                throw new IllegalArgumentException("malformed note: bad signature line '" + line + "'");
            }
            if (signatures.size() == MAX_SIGNATURES) {
                throw new IllegalArgumentException("malformed note: more than " + MAX_SIGNATURES + " signatures");
            }
            signatures.add(new Signature(nameB64[0], ByteBuffer.wrap(sig).getInt(), java.util.Arrays.copyOfRange(sig, 4, sig.length)));
        }
        return new SignedNote(text, signatures);
    }

    /**
     * Checks the signatures of the {@code known} keys, as the reference {@code Open} does: a key is
     * matched by name and key hash; each known key's first signature must verify; repeated signatures
     * are dropped; signatures of unknown keys are returned as unverified.
     *
     * @throws IllegalArgumentException "invalid signature for key NAME+HASH", or "ambiguous key NAME+HASH"
     *                                  if two known keys share name and hash and the note has their signature
     */
    public Verification verify(List<NoteVerifierKey> known) {
        Map<String, List<NoteVerifierKey>> byId = known.stream().collect(Collectors.groupingBy(NoteVerifierKey::id));
        List<Signature> verified = new ArrayList<>();
        List<NoteVerifierKey> verifiedKeys = new ArrayList<>();
        List<Signature> unverified = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (Signature s : signatures) {
            List<NoteVerifierKey> keys = byId.get(s.id());
            if (keys == null) {
                if (!unverified.contains(s)) {
                    unverified.add(s);
                }
                continue;
            }
            if (keys.size() > 1) {
                throw new IllegalArgumentException("ambiguous key " + s.id());
            }
            if (!seen.add(s.id())) {
                continue;
            }
            if (!keys.get(0).verify(text, s.signature())) {
                throw new IllegalArgumentException("invalid signature for key " + s.id());
            }
            verified.add(s);
            verifiedKeys.add(keys.get(0));
        }
        return new Verification(text, verified, verifiedKeys, unverified);
    }

    /**
     * {@link #verify}, and at least one known key must have signed (the reference {@code Open}).
     *
     * @throws IllegalArgumentException "note has no verifiable signatures" besides the reasons of {@link #verify}
     */
    public Verification open(List<NoteVerifierKey> known) {
        Verification v = verify(known);
        if (v.verified().isEmpty()) {
            throw new IllegalArgumentException("note has no verifiable signatures");
        }
        return v;
    }

    /** Key names: non-empty, no Unicode space, no '+'. */
    public static boolean isValidName(String name) {
        if (name == null || name.isEmpty() || name.indexOf('+') >= 0) {
            return false;
        }
        return name.codePoints().noneMatch(c -> Character.isWhitespace(c) || Character.isSpaceChar(c) || c == 0x85)
                && isWellFormed(name);
    }

    /** Splits at the first {@code sep}: {before, after}, or {s, ""} if there is none (as the reference's chop). */
    static String[] chop(String s, char sep) {
        int i = s.indexOf(sep);
        return i < 0 ? new String[] {s, ""} : new String[] {s.substring(0, i), s.substring(i + 1)};
    }

    /** Standard base64 with padding, in its one canonical form; null if not. */
    static byte[] strictBase64(String s) {
        try {
            byte[] decoded = Base64.getDecoder().decode(s);
            return Base64.getEncoder().encodeToString(decoded).equals(s) ? decoded : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static void checkCharacters(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 && c != '\n') {
                throw new IllegalArgumentException("malformed note: control character U+" + String.format("%04X", (int) c));
            }
        }
        if (!isWellFormed(s)) {
            throw new IllegalArgumentException("malformed note: not UTF-8 (unpaired surrogate)");
        }
    }

    private static boolean isWellFormed(String s) {
        try {
            StandardCharsets.UTF_8.newEncoder().onMalformedInput(CodingErrorAction.REPORT).encode(CharBuffer.wrap(s));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }
}
