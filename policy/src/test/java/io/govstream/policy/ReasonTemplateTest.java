package io.govstream.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ReasonTemplateTest {

    @Test
    void givenEveryPlaceholder_whenRendered_thenEachIsReplacedByTheRequestsValue() {
        ReasonTemplate template = ReasonTemplate.parse("${source} asks ${target} to ${intent} for ${subject} in ${tenant}.");

        assertThat(template.render(new PolicyInput("orbit", "axon", "reason", "alice", "acme")))
                .isEqualTo("orbit asks axon to reason for alice in acme.");
    }

    @Test
    void givenNoPlaceholders_whenRendered_thenTheTextIsUnchanged() {
        assertThat(ReasonTemplate.parse("plain $ and {braces}").render(new PolicyInput("a", "b", "c", "d", "e")))
                .isEqualTo("plain $ and {braces}");
    }

    @Test
    void givenAValueThatLooksLikeAPlaceholder_whenRendered_thenItIsNotExpandedAgain() {
        assertThat(ReasonTemplate.parse("for ${subject}").render(new PolicyInput("a", "b", "c", "${tenant}", "acme")))
                .isEqualTo("for ${tenant}");
    }

    @Test
    void givenAnUnknownPlaceholder_whenParsed_thenItIsRejectedNamingIt() {
        assertThatThrownBy(() -> ReasonTemplate.parse("hello ${user}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("${user}");
    }
}
