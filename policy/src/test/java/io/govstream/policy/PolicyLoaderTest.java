package io.govstream.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.govstream.events.Effect;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PolicyLoaderTest {

    @Test
    void givenAFile_whenLoaded_thenItIsTheSetTheFileDescribes(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("p.yaml");
        Files.writeString(file, "id: mine\nversion: 2\nrules: []\n");

        PolicySet loaded = PolicyLoader.load(file, PolicyEnvironment.standard());

        assertThat(loaded.id()).isEqualTo("mine");
        assertThat(loaded.version()).isEqualTo("2");
    }

    @Test
    void givenAnUnknownEffect_whenLoaded_thenTheErrorNamesFileRuleAndEffect() {
        assertLoadError("id: p\nversion: 1\nrules:\n  - {id: r1, effect: ALLOW, reason: x}\n",
                "bad.yaml", "rule 'r1'", "unknown effect 'ALLOW'");
    }

    @Test
    void givenARuleWithoutId_whenLoaded_thenTheErrorNamesItsPosition() {
        assertLoadError("id: p\nversion: 1\nrules:\n  - {id: r1, effect: DENY, reason: x}\n  - {effect: DENY, reason: y}\n",
                "bad.yaml", "rule #2", "missing id");
    }

    @Test
    void givenADuplicateRuleId_whenLoaded_thenTheErrorNamesTheIdAndBothRules() {
        assertLoadError("id: p\nversion: 1\nrules:\n  - {id: r1, effect: DENY, reason: x}\n  - {id: r1, effect: PERMIT, reason: y}\n",
                "bad.yaml", "duplicate rule id 'r1'", "#1", "#2");
    }

    @Test
    void givenAnUnknownMatchKey_whenLoaded_thenRejectedRatherThanIgnored() {
        assertLoadError("id: p\nversion: 1\nrules:\n  - {id: r1, effect: PERMIT, reason: x, match: {tennant: acme}}\n",
                "bad.yaml", "rule 'r1'", "unknown key 'tennant'");
    }

    @Test
    void givenADefaultEffectOtherThanDeny_whenLoaded_thenRejected() {
        assertLoadError("id: p\nversion: 1\ndefaultEffect: PERMIT\nrules: []\n", "bad.yaml", "defaultEffect must be DENY");
    }

    @Test
    void givenAnUnknownReasonPlaceholder_whenLoaded_thenRejected() {
        assertLoadError("id: p\nversion: 1\nrules:\n  - {id: r1, effect: DENY, reason: 'no ${user}'}\n", "bad.yaml", "rule 'r1'", "${user}");
    }

    @Test
    void givenATagTheYamlParserRefusesWithAnIllegalArgument_whenLoaded_thenRefusedAsInvalidYaml() {
        // Found by PolicyYamlFuzzTest: SnakeYAML throws IllegalArgumentException, not a YAMLException, here.
        assertLoadError("!q%A", "bad.yaml", "bad.yaml", "not valid YAML");
    }

    @Test
    void givenARuleWithAKeyThatIsNotAString_whenLoaded_thenOneProblemNamesTheRule() {
        String yaml = "id: p\nversion: 1\nrules:\n  - id: r1\n    effect: DENY\n    reason: x\n    ? [a, b]\n    : y\n";

        assertThatThrownBy(() -> PolicyLoader.parse(yaml, "bad.yaml")).isInstanceOfSatisfying(PolicyLoadException.class,
                e -> assertThat(e.getMessage()).isEqualTo("bad.yaml:7: rule 'r1': rule: keys must be plain strings"));
    }

    @Test
    void givenAMissingFile_whenLoaded_thenTheErrorNamesIt(@TempDir Path dir) {
        Path missing = dir.resolve("missing.yaml");
        assertThatThrownBy(() -> PolicyLoader.load(missing, PolicyEnvironment.standard())).isInstanceOf(PolicyLoadException.class).hasMessageContaining(missing.toString());
    }

    private static void assertLoadError(String yaml, String origin, String... fragments) {
        assertThatThrownBy(() -> PolicyLoader.parse(yaml, origin))
                .isInstanceOf(PolicyLoadException.class)
                .hasMessageStartingWith(origin + ":")
                .hasMessageContainingAll(fragments);
    }
}
