package io.govstream.governance.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.junit.jupiter.api.Test;

/** The parts of a broadcast a topology test cannot see: every partition, and the origin read back as written. */
class BroadcastTest {

    @Test
    void givenAnyRecord_thenEveryPartitionOfTheTopicGetsACopy() {
        Broadcast.EveryPartition<String, String> partitioner = new Broadcast.EveryPartition<>();

        assertThat(partitioner.partitions("copies", "k", "v", 3)).contains(java.util.Set.of(0, 1, 2));
        assertThat(partitioner.partitions("copies", null, null, 1)).contains(java.util.Set.of(0));
    }

    @Test
    void givenAnOrigin_whenFormattedAndParsed_thenTopicPartitionAndOffsetComeBack_evenWithDotsAndDashesInTheName() {
        RecordMetadata origin = Broadcast.parse("governance.ledger-erasures_v2/7/123456789012");

        assertThat(origin.topic()).isEqualTo("governance.ledger-erasures_v2");
        assertThat(origin.partition()).isEqualTo(7);
        assertThat(origin.offset()).isEqualTo(123456789012L);
        assertThat(Broadcast.format(origin)).isEqualTo("governance.ledger-erasures_v2/7/123456789012");
    }

    @Test
    void givenAMalformedOrigin_thenItIsRefused_notGuessed() {
        assertThatThrownBy(() -> Broadcast.parse("no-slashes")).isInstanceOf(StreamsException.class).hasMessageContaining("no-slashes");
        assertThatThrownBy(() -> Broadcast.parse("/1/2")).isInstanceOf(StreamsException.class);
    }
}
