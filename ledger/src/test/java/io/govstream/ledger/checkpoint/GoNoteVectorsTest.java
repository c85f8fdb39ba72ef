package io.govstream.ledger.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Our signed-note code against the published examples of the reference implementation, the Go package
 * golang.org/x/mod/sumdb/note: keys, texts and signatures copied verbatim from its {@code note_test.go}
 * (repository golang/mod, file sumdb/note/note_test.go, commit 02c991387e35f9e4c0a9b7ce137717055f8d716d;
 * BSD-style licence). Ed25519 is deterministic, so signing their text with their key must give their bytes.
 * Test names follow theirs (TestNewVerifier, TestNewSigner, TestSign, TestVerifierList, TestOpen).
 */
class GoNoteVectorsTest {
    private static final String PETER_VKEY = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";
    private static final String PETER_SKEY = "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz";
    private static final String ENOCH_VKEY = "EnochRoot+af0cfe78+ATtqJ7zOtqQtYqOo0CpvDXNlMhV3HeJDpjrASKGLWdop";
    private static final String TEXT = "If you think cryptography is the answer to your problem,\n"
            + "then you don't know what your problem is.\n";
    private static final String PETER_SIG = "\u2014 PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n";
    private static final String ENOCH_SIG = "\u2014 EnochRoot rwz+eBzmZa0SO3NbfRGzPCpDckykFXSdeX+MNtCOXm2/5n2tiOHp+vAF1aGrQ5ovTG01oOTGwnWLox33WWd1RvMc+QQ=\n";

    private final NoteVerifierKey peter = NoteVerifierKey.parse(PETER_VKEY);
    private final NoteVerifierKey enoch = NoteVerifierKey.parse(ENOCH_VKEY);

    @Test
    void testNewVerifier_theVkeyParsesAndEveryManglingIsRefused() {
        assertThat(peter.name()).isEqualTo("PeterNeumann");
        assertThat(peter.keyHash()).isEqualTo(0xc74f20a3);
        assertThat(peter.vkey()).isEqualTo(PETER_VKEY);

        byte[] b = PETER_VKEY.getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i <= b.length; i++) {
            for (int j = i + 1; j <= b.length; j++) {
                if (i != 0 || j != b.length) {
                    assertBadVkey(new String(b, i, j - i, StandardCharsets.US_ASCII));
                }
            }
        }
        for (int i = 0; i < b.length; i++) {
            b[i]++;
            assertBadVkey(new String(b, StandardCharsets.US_ASCII));
            b[i]--;
        }
        assertBadVkey("PeterNeumann+cc469956+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TWBADKEY=="); // wrong length key, with adjusted key hash
        assertBadVkey("PeterNeumann+173116ae+ZRpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"); // unknown algorithm, with adjusted key hash
    }

    @Test
    void testNewSigner_theSkeyParsesAndEveryManglingIsRefused() {
        NoteSigner signer = NoteSigner.parse(PETER_SKEY);
        assertThat(signer.verifierKey()).isEqualTo(peter);
        assertThat(signer.privateKeyText()).isEqualTo(PETER_SKEY);

        byte[] b = PETER_SKEY.getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i <= b.length; i++) {
            for (int j = i + 1; j <= b.length; j++) {
                if (i == 0 && j == b.length) {
                    continue;
                }
                String mangled = new String(b, i, j - i, StandardCharsets.US_ASCII);
                assertThatThrownBy(() -> NoteSigner.parse(mangled)).as(mangled).isInstanceOf(IllegalArgumentException.class);
            }
        }
        for (int i = 0; i < b.length; i++) {
            b[i]++;
            String mangled = new String(b, StandardCharsets.US_ASCII);
            assertThatThrownBy(() -> NoteSigner.parse(mangled)).as(mangled).isInstanceOf(IllegalArgumentException.class);
            b[i]--;
        }
    }

    @Test
    void testSign_theirKeyOnTheirTextGivesTheirSignedNoteByteForByte() {
        NoteSigner signer = NoteSigner.parse(PETER_SKEY);
        String want = "If you think cryptography is the answer to your problem,\n"
                + "then you don't know what your problem is.\n"
                + "\n"
                + "\u2014 PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n";

        assertThat(new SignedNote(TEXT, List.of(signer.sign(TEXT))).format()).isEqualTo(want);
        // Check that existing signature is replaced by new one.
        SignedNote withBad = new SignedNote(TEXT, List.of(new SignedNote.Signature("PeterNeumann", 0xc74f20a3, new byte[] {1, 2})));
        assertThat(withBad.with(signer.sign(TEXT)).format()).isEqualTo(want);
        // Check various bad inputs.
        assertThatThrownBy(() -> new SignedNote("abc", List.of())).hasMessageStartingWith("malformed note");
        assertThatThrownBy(() -> new SignedNote.Signature("a+b", 0, new byte[] {1})).hasMessageStartingWith("malformed note");
    }

    @Test
    void testVerifierList_aKeyListedTwiceIsAmbiguousOnlyWhenItsSignatureIsMet() {
        SignedNote enochSigned = SignedNote.parse(TEXT + "\n" + ENOCH_SIG);
        assertThatThrownBy(() -> enochSigned.open(List.of(peter, enoch, enoch))).hasMessage("ambiguous key EnochRoot+af0cfe78");
        assertThat(SignedNote.parse(TEXT + "\n" + PETER_SIG).open(List.of(enoch, peter, enoch)).verifiedKeys()).containsExactly(peter);
    }

    @Test
    void testOpen_verifiedUnverifiedDuplicatedAndMalformedNotes() {
        SignedNote.Signature peterSig = new SignedNote.Signature("PeterNeumann", 0xc74f20a3,
                tail("x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM="));
        SignedNote.Signature enochSig = new SignedNote.Signature("EnochRoot", 0xaf0cfe78,
                tail("rwz+eBzmZa0SO3NbfRGzPCpDckykFXSdeX+MNtCOXm2/5n2tiOHp+vAF1aGrQ5ovTG01oOTGwnWLox33WWd1RvMc+QQ="));

        // Check one signature verified, one not.
        SignedNote.Verification n = SignedNote.parse(TEXT + "\n" + PETER_SIG + ENOCH_SIG).open(List.of(peter));
        assertThat(n.text()).isEqualTo(TEXT);
        assertThat(n.verified()).containsExactly(peterSig);
        assertThat(n.unverified()).containsExactly(enochSig);

        // Check both verified.
        n = SignedNote.parse(TEXT + "\n" + PETER_SIG + ENOCH_SIG).open(List.of(peter, enoch));
        assertThat(n.verified()).containsExactly(peterSig, enochSig);
        assertThat(n.unverified()).isEmpty();

        // Check both unverified.
        SignedNote both = SignedNote.parse(TEXT + "\n" + PETER_SIG + ENOCH_SIG);
        assertThatThrownBy(() -> both.open(List.of())).hasMessage("note has no verifiable signatures");
        assertThat(both.verify(List.of()).unverified()).containsExactly(peterSig, enochSig);

        // Check too many signatures.
        assertThatThrownBy(() -> SignedNote.parse(TEXT + "\n" + PETER_SIG.repeat(101))).hasMessageStartingWith("malformed note");

        // Invalid signature.
        SignedNote invalid = SignedNote.parse(insertAtByte(TEXT + "\n" + PETER_SIG, TEXT.length() + 1 + 60, "ABCD"));
        assertThatThrownBy(() -> invalid.open(List.of(peter))).hasMessage("invalid signature for key PeterNeumann+c74f20a3");

        // Duplicated verified and unverified signatures.
        SignedNote.Signature enochABCD = new SignedNote.Signature("EnochRoot", 0xaf0cfe78,
                tail("rwz+eBzmZa0SO3NbfRGzPCpDckykFXSdeX+MNtCOXm2/5n" + "ABCD" + "2tiOHp+vAF1aGrQ5ovTG01oOTGwnWLox33WWd1RvMc+QQ="));
        String duplicated = TEXT + "\n" + PETER_SIG + PETER_SIG + ENOCH_SIG + ENOCH_SIG + insertAtByte(ENOCH_SIG, 60, "ABCD");
        n = SignedNote.parse(duplicated).open(List.of(peter));
        assertThat(n.verified()).containsExactly(peterSig);
        assertThat(n.unverified()).containsExactly(enochSig, enochABCD);

        // Invalid encoded message syntax.
        List<byte[]> badMsgs = List.of(
                bytes(TEXT),
                bytes(TEXT + "\n"),
                bytes(TEXT + "\n" + PETER_SIG.substring(0, PETER_SIG.length() - 1)),
                bytes("\u0001" + TEXT + "\n" + PETER_SIG),
                concat(new byte[] {(byte) 0xff}, bytes(TEXT + "\n" + PETER_SIG)),
                bytes(TEXT + "\n" + "\u2014 Bad Name x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM="),
                bytes(TEXT + "\n" + PETER_SIG + "Unexpected line.\n"));
        for (byte[] msg : badMsgs) {
            assertThatThrownBy(() -> parse(msg).open(List.of(peter))).as(new String(msg, StandardCharsets.UTF_8))
                    .hasMessageStartingWith("malformed note");
        }
        // (Their last two cases, a Verifiers implementation returning the wrong key, have no counterpart: we look keys up by name and hash.)
    }

    private static void assertBadVkey(String vkey) {
        assertThatThrownBy(() -> NoteVerifierKey.parse(vkey)).as(vkey).isInstanceOf(IllegalArgumentException.class);
    }

    /** The signature bytes after the 4-byte key hash of a base64 signature field. */
    private static byte[] tail(String base64) {
        byte[] all = java.util.Base64.getDecoder().decode(base64);
        return Arrays.copyOfRange(all, 4, all.length);
    }

    /** Go slices strings by byte: the em dash is 3 bytes in UTF-8. */
    private static String insertAtByte(String s, int byteIndex, String insert) {
        byte[] b = bytes(s);
        return new String(concat(concat(Arrays.copyOfRange(b, 0, byteIndex), bytes(insert)), Arrays.copyOfRange(b, byteIndex, b.length)),
                StandardCharsets.UTF_8);
    }

    /** Parses a note from bytes, which must be valid UTF-8, as the Go tests hand it over. */
    private static SignedNote parse(byte[] note) {
        try {
            return SignedNote.parse(StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(note)).toString());
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("malformed note: not UTF-8", e);
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
