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
}
