package io.govstream.governance;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

class GovernanceStreamsConfigTest {

    @Test
    void givenTheServicesSettings_thenTheAssignorsViewOfThemAlsoEnablesTheGlobalProcessingHandler() {
        StreamsConfig config = new StreamsConfig(GovernanceStreamsConfig.properties(
                Map.of(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:9092"), Path.of("state"), null, null));

        assertThat(config.getBoolean(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG)).isTrue();
        // What StreamsPartitionAssignor builds its StreamsConfig from (and warned about when the value was missing).
        Map<String, Object> assignorView = config.getMainConsumerConfigs("governance-streams", "client", 1);
        assertThat(new StreamsConfig(assignorView).getBoolean(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG))
                .isTrue();
    }
}
