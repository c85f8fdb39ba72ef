package io.govstream.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.govstream.events.LedgerEntry;
import java.nio.ByteBuffer;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class LedgerHeadSerdeTest {
    private final LedgerHeadSerde serde = new LedgerHeadSerde();

    @Test
    void givenAHeadWithItsFrontier_whenStoredAndRestored_thenItIsUnchanged() {
        LedgerHead head = LedgerHead.genesis(1);
        for (LedgerEntry entry : TestFacts.chain(1, 7)) {
            head = head.after(entry);
        }

        LedgerHead restored = serde.deserializer().deserialize("t", serde.serializer().serialize("t", head));

        assertThat(restored).isEqualTo(head);
        assertThat(restored.frontier().root()).isEqualTo(head.frontier().root());
        assertThat(restored.size()).isEqualTo(7);
    }

    @Test
    void givenAVersion1ChainHead_whenRead_thenTheChainIsKeptAndTheFrontierIsUnknown() {
        ChainHead v1 = ChainHead.after(TestFacts.chain(0, 2).get(1));
        byte[] stored = ByteBuffer.allocate(45).put((byte) 1).putInt(v1.partition()).putLong(v1.nextSequence()).put(v1.lastHash()).array();

        LedgerHead read = serde.deserializer().deserialize("t", stored);

        assertThat(read.chain()).isEqualTo(v1);
        assertThat(read.hasFrontier()).isFalse();
    }

    @Test
    void givenTruncatedBytes_whenRead_thenASerializationErrorNamesTheTopic() {
        LedgerHead head = LedgerHead.genesis(0).after(TestFacts.chain(0, 1).get(0));
        byte[] bytes = serde.serializer().serialize("t", head);
        byte[] truncated = java.util.Arrays.copyOf(bytes, bytes.length - 1);

        assertThatThrownBy(() -> serde.deserializer().deserialize("heads-changelog", truncated))
                .isInstanceOf(SerializationException.class).hasMessageContaining("heads-changelog");
        assertThat(serde.serializer().serialize("t", null)).isNull();
    }
}
