package io.govstream.ledger.gdpr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.KmsClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KekSourcesTest {

    private static KeysetHandle wrappedBy(KeyEncryptionKey wrapper, KeyEncryptionKey unwrapper) {
        KeysetHandle dataKey = DataKeys.generate();
        return unwrapper.unwrap("s/0", wrapper.wrap("s/0", dataKey));
    }

    @Test
    void givenAKeyFile_whenLoadedByPathOrFileUri_thenBothAreTheSameKek(@TempDir Path dir) {
        Path file = dir.resolve("keys/ledger-kek.json");
        assertThat(KeysetFileKek.create(file)).isTrue();
        assertThat(KeysetFileKek.create(file)).as("an existing key is kept").isFalse();

        KeyEncryptionKey byPath = KekSources.standard().load(file.toString());
        KeyEncryptionKey byUri = KekSources.standard().load(KeysetFileKek.uri(file));

        assertThat(KeysetFileKek.uri(file)).startsWith("file:///");
        assertThat(KeysetFileKek.path(KeysetFileKek.uri(file))).isEqualTo(file);
        assertThat(byPath.id()).isEqualTo(byUri.id()).startsWith("file:");
        assertThat(wrappedBy(byPath, byUri)).isNotNull();
    }

    @Test
    void givenTheKeysetInAnEnvironmentVariable_asJsonOrBase64_whenLoaded_thenItIsTheSameKeyAsTheFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("ledger-kek.json");
        KeysetFileKek.create(file);
        String json = Files.readString(file);
        KeyEncryptionKey fromFile = KeysetFileKek.load(file);

        for (String value : new String[] {json, Base64.getEncoder().encodeToString(json.getBytes(StandardCharsets.UTF_8))}) {
            KekSources env = KekSources.standard().with(new EnvironmentKek(Map.of("GOVSTREAM_KEK", value)::get));
            KeyEncryptionKey fromEnv = env.load(EnvironmentKek.DEFAULT_URI);

            assertThat(fromEnv.id()).startsWith("env:").endsWith(fromFile.id().substring("file:".length()));
            assertThat(fromEnv.sameKeyAs(fromFile)).isTrue();
            assertThat(wrappedBy(fromFile, fromEnv)).isNotNull();
        }
    }

    @Test
    void givenAnUnsetOrGarbledVariable_whenLoaded_thenTheErrorNamesIt() {
        KekSources none = KekSources.standard().with(new EnvironmentKek(Map.<String, String>of()::get));
        KekSources garbled = KekSources.standard().with(new EnvironmentKek(Map.of("GOVSTREAM_KEK", "not a key!")::get));

        assertThatThrownBy(() -> none.load("env://GOVSTREAM_KEK")).hasMessageContaining("GOVSTREAM_KEK").hasMessageContaining("not set");
        assertThatThrownBy(() -> garbled.load("env://GOVSTREAM_KEK")).hasMessageContaining("holds neither a Tink keyset in JSON nor its base64");
    }

    @Test
    void givenACloudKmsUriWithoutItsClient_whenLoaded_thenTheErrorSaysWhatThisBuildReads() {
        assertThatThrownBy(() -> KekSources.standard().load("gcp-kms://projects/p/locations/l/keyRings/r/cryptoKeys/k"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no source of key-encryption keys reads 'gcp-kms://")
                .hasMessageContaining("KekSources");
    }

    @Test
    void givenAKmsClientRegistered_whenItsUriIsLoaded_thenWrappingGoesThroughTheKmsAndTheUriIsTheId() throws Exception {
        Aead inKms = DataKeys.aead(DataKeys.generate());
        KmsClient kms = new KmsClient() {
            @Override
            public boolean doesSupport(String keyUri) {
                return keyUri.startsWith("test-kms://");
            }

            @Override
            public KmsClient withCredentials(String credentialPath) {
                return this;
            }

            @Override
            public KmsClient withDefaultCredentials() {
                return this;
            }

            @Override
            public Aead getAead(String keyUri) {
                return inKms;
            }
        };
        KekSources sources = KekSources.standard().with(KekSource.kms(kms));

        KeyEncryptionKey kek = sources.load("test-kms://keys/ledger");

        assertThat(kek.id()).isEqualTo("test-kms://keys/ledger");
        byte[] wrapped = kek.wrap("s/0", DataKeys.generate());
        assertThat(KeyEncryptionKey.of(inKms, "the same key in the KMS").unwrap("s/0", wrapped)).isNotNull();
        assertThat(sources.load("test-kms://keys/ledger").sameKeyAs(kek)).isTrue();
        assertThat(KeyEncryptionKey.of(DataKeys.generate(), "memory").sameKeyAs(kek)).isFalse();
    }
}
