package io.govstream.cli.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The byte match behind a subject-access scan: anywhere in a record, never on nothing. */
class HeldInClearTest {

    @Test
    void givenRecordBytes_whenMatched_thenTheIdentifierIsFoundAtAnyPosition_asBytesNotWords() {
        byte[] id = "erin@example.com".getBytes(StandardCharsets.UTF_8);

        assertThat(HeldInClear.contains("erin@example.com".getBytes(StandardCharsets.UTF_8), id)).isTrue();
        assertThat(HeldInClear.contains("\u0000\u0012{\"subject\":\"erin@example.com\"}".getBytes(StandardCharsets.UTF_8), id)).isTrue();
        assertThat(HeldInClear.contains("xxerin@example.co".getBytes(StandardCharsets.UTF_8), id)).isFalse();
        assertThat(HeldInClear.contains("erin@example.community".getBytes(StandardCharsets.UTF_8), id)).isTrue();
        assertThat(HeldInClear.contains(null, id)).isFalse();
        assertThat(HeldInClear.contains("anything".getBytes(StandardCharsets.UTF_8), new byte[0])).as("an empty identifier names no one")
                .isFalse();
    }

    @Test
    void givenADataDirsFiles_whenSearched_thenAPatternIsFoundWhereverItIs_inZerosAndInItsOwnRepeats() {
        java.util.Random random = new java.util.Random(7);
        for (int length : new int[]{1, 2, 3, 16, 32, 44}) {
            byte[] pattern = new byte[length];
            random.nextBytes(pattern);
            pattern[length / 2] = 0; // a zero inside: index files are mostly zeros
            for (int at : new int[]{0, 1, 4095, 10_000 - length}) {
                byte[] data = new byte[10_000];
                System.arraycopy(pattern, 0, data, at, length);
                assertThat(HeldInClear.contains(data, pattern)).as("length %d at %d", length, at).isTrue();
                byte[] almost = data.clone();
                almost[at + length - 1] ^= 1;
                assertThat(HeldInClear.contains(almost, pattern)).as("length %d at %d, last byte changed", length, at)
                        .isEqualTo(everyPosition(almost, pattern));
                almost = data.clone();
                almost[at] ^= 1;
                assertThat(HeldInClear.contains(almost, pattern)).as("length %d at %d, first byte changed", length, at)
                        .isEqualTo(everyPosition(almost, pattern));
            }
        }
        // The pattern overlapping itself ("aab" in "aaab"), and at the very end.
        assertThat(HeldInClear.contains("aaab".getBytes(StandardCharsets.UTF_8), "aab".getBytes(StandardCharsets.UTF_8))).isTrue();
        assertThat(HeldInClear.contains("abcabd".getBytes(StandardCharsets.UTF_8), "abd".getBytes(StandardCharsets.UTF_8))).isTrue();
        assertThat(HeldInClear.contains("ab".getBytes(StandardCharsets.UTF_8), "abc".getBytes(StandardCharsets.UTF_8))).isFalse();
    }

    /** The plain search the skipping one must agree with: every position tried. */
    private static boolean everyPosition(byte[] data, byte[] pattern) {
        for (int i = 0; i + pattern.length <= data.length; i++) {
            if (java.util.Arrays.equals(data, i, i + pattern.length, pattern, 0, pattern.length)) {
                return true;
            }
        }
        return false;
    }
}
