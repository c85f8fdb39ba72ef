package io.govstream.governance.flags;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.openfeature.sdk.Client;
import dev.openfeature.sdk.ErrorCode;
import dev.openfeature.sdk.FlagEvaluationDetails;
import dev.openfeature.sdk.OpenFeatureAPI;
import dev.openfeature.sdk.Value;
import io.govstream.events.FlagJson;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The provider through the OpenFeature client API, as an application would read flags. */
class StreamFlagProviderTest {
    private final StreamFlagProvider provider = new StreamFlagProvider();
    private OpenFeatureAPI api;
    private Client client;

    @BeforeEach
    void setUp() {
        api = OpenFeatureAPI.createIsolated();
        api.setProviderAndWait(provider);
        client = api.getClient();
    }

    @AfterEach
    void tearDown() {
        api.shutdown();
    }

    @Test
    void givenFlagsOfEachType_whenEvaluated_thenTheClientSeesTheirValues() {
        provider.load(Map.of("paused", true, "mode", "strict", "max", 250L, "ratio", 0.25,
                "limits", new FlagJson("{\"tenants\":[\"acme\"],\"max\":3}")));

        assertThat(client.getBooleanValue("paused", false)).isTrue();
        assertThat(client.getStringValue("mode", "normal")).isEqualTo("strict");
        assertThat(client.getIntegerValue("max", 0)).isEqualTo(250);
        assertThat(client.getDoubleValue("ratio", 0.0)).isEqualTo(0.25);
        Value limits = client.getObjectValue("limits", new Value());
        assertThat(limits.asStructure().getValue("max").asObject()).isEqualTo(3L);
        assertThat(provider.celValues()).containsEntry("limits", Map.of("tenants", List.of("acme"), "max", 3L));
    }

    @Test
    void givenAMissingOrMistypedFlag_whenEvaluated_thenTheDefaultWithTheErrorCode() {
        provider.apply("paused", "yes");

        FlagEvaluationDetails<Boolean> mistyped = client.getBooleanDetails("paused", false);
        FlagEvaluationDetails<Boolean> missing = client.getBooleanDetails("absent", true);

        assertThat(mistyped.getValue()).isFalse();
        assertThat(mistyped.getErrorCode()).isEqualTo(ErrorCode.TYPE_MISMATCH);
        assertThat(missing.getValue()).isTrue();
        assertThat(missing.getErrorCode()).isEqualTo(ErrorCode.FLAG_NOT_FOUND);
    }

    @Test
    void givenAFlag_whenChangedAndUnset_thenReadersSeeEachChange_andEarlierSnapshotsStayAsTheyWere() {
        provider.apply("paused", true);
        Map<String, Object> before = provider.celValues();

        provider.apply("paused", false);
        assertThat(client.getBooleanValue("paused", true)).isFalse();
        provider.apply("paused", null);

        assertThat(client.getBooleanDetails("paused", true).getErrorCode()).isEqualTo(ErrorCode.FLAG_NOT_FOUND);
        assertThat(provider.celValues()).isEmpty();
        assertThat(before).containsEntry("paused", true);
        assertThatThrownBy(() -> before.put("x", 1)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void givenFlagTexts_whenParsed_thenTypedOrAClearError() {
        assertThat(FlagValues.parse("true", null)).isEqualTo(true);
        assertThat(FlagValues.parse("42", null)).isEqualTo(42L);
        assertThat(FlagValues.parse("0.5", null)).isEqualTo(0.5);
        assertThat(FlagValues.parse("NaN", null)).isEqualTo("NaN");
        assertThat(FlagValues.parse("true", FlagValues.Type.STRING)).isEqualTo("true");
        assertThat(FlagValues.parse("{ \"a\" : [1] }", FlagValues.Type.JSON)).isEqualTo(new FlagJson("{\"a\":[1]}"));
        assertThatThrownBy(() -> FlagValues.parse("yes", FlagValues.Type.BOOL)).hasMessage("value 'yes' is not a bool: use true or false");
        assertThatThrownBy(() -> FlagValues.parse("1e", FlagValues.Type.NUMBER)).hasMessageContaining("value '1e' is not a number");
        assertThatThrownBy(() -> FlagValues.parse("{", FlagValues.Type.JSON)).hasMessageStartingWith("value is not JSON");
        assertThat(FlagNames.problem("axon_paused")).isNull();
        assertThat(FlagNames.problem("axon-paused")).contains("invalid flag name 'axon-paused'");
        assertThat(FlagNames.problem("1st")).contains("invalid flag name");
        assertThat(FlagNames.problem("x".repeat(65))).contains("longer than 64");
    }
}
