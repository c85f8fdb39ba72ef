package io.govstream.cli.client;

import io.govstream.cli.client.ClientFiles;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClientFilesTest {

    private static Map<String, Object> producerSettings() {
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("bootstrap.servers", "localhost:9092");
        settings.put("security.protocol", "SASL_PLAINTEXT");
        settings.put("sasl.mechanism", "SCRAM-SHA-512");
        settings.put("sasl.jaas.config",
                "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"producer\" password=\"s3cr=t:x\";");
        settings.put("schema.registry.url", "http://127.0.0.1:8081");
        return settings;
    }

    @Test
    void givenProducerSettings_whenWritten_thenEachLineIsPlainKeyEqualsValueAsKafkaDocsShow(@TempDir Path dir) throws Exception {
        Path file = dir.resolve(ClientFiles.CLIENT);

        ClientFiles.write(file, producerSettings(), "settings for the producer");

        // what a non-Java client (kafkajs, librdkafka) sees: the text after the first '=' verbatim
        assertThat(Files.readAllLines(file)).contains(
                "bootstrap.servers=localhost:9092",
                "sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username=\"producer\" password=\"s3cr=t:x\";",
                "schema.registry.url=http://127.0.0.1:8081");
        assertThat(Files.readString(file)).doesNotContain("\\");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    }

    @Test
    void givenAWrittenFile_whenReadWithJavaProperties_thenEveryValueComesBackUnchanged(@TempDir Path dir) {
        Path file = dir.resolve(ClientFiles.ADMIN);
        ClientFiles.write(file, producerSettings(), "multi\nline comment");

        assertThat(ClientFiles.read(file)).containsExactlyInAnyOrderEntriesOf(producerSettings());
    }

    @Test
    void givenAValueNoReaderTakesUnescaped_whenWritten_thenRefusedNamingTheSetting(@TempDir Path dir) {
        Path file = dir.resolve(ClientFiles.CLIENT);

        assertThatThrownBy(() -> ClientFiles.write(file, Map.of("ssl.truststore.location", "C:\\certs\\ca.p12"), "c"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ssl.truststore.location");
        assertThatThrownBy(() -> ClientFiles.write(file, Map.of("sasl.jaas.config", "a\nb"), "c"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sasl.jaas.config");
        assertThat(file).doesNotExist();
    }

    @Test
    void givenAClientFileOthersCanRead_whenRead_thenRefused_becauseItHoldsAPassword(@TempDir Path dir) throws Exception {
        Path file = dir.resolve(ClientFiles.ADMIN);
        ClientFiles.write(file, producerSettings(), "admin settings");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r-----"));

        assertThatThrownBy(() -> ClientFiles.read(file)).hasMessageContaining("chmod 600 " + file);
    }
}
