package io.govstream.orbit.approval;

import io.govstream.orbit.Refused;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class VoteFormTest {

    @Test
    void givenATokenWithOneVotingRole_whenTheBodyIsEmpty_thenTheVoteIsTheSubjectsInThatRole() {
        VoteForm vote = VoteForm.parse("c-1", "", "bob", List.of("devops", "auditor"));
        assertThat(vote).isEqualTo(new VoteForm("c-1", "bob", "devops", null));
    }

    @Test
    void givenTwoVotingRoles_whenNoRoleIsNamed_then400AskingForIt() {
        assertThatThrownBy(() -> VoteForm.parse("c-1", "{}", "bob", List.of("devops", "security")))
                .isInstanceOf(Refused.BadRequest.class).hasMessageContaining("role is required")
                .hasMessageContaining("[devops, security]");
    }

    @Test
    void givenARoleTheTokenLacks_then403() {
        assertThatThrownBy(() -> VoteForm.parse("c-1", "{\"role\":\"security\"}", "bob", List.of("devops")))
                .isInstanceOf(Refused.Forbidden.class).hasMessageContaining("may not vote in role 'security'");
    }

    @Test
    void givenABodyApproverOtherThanTheSubject_then403_butTheSameNameIsFine() {
        assertThatThrownBy(() -> VoteForm.parse("c-1", "{\"approver\":\"carol\"}", "bob", List.of("devops")))
                .isInstanceOf(Refused.Forbidden.class).hasMessageContaining("token's subject");
        assertThat(VoteForm.parse("c-1", "{\"approver\":\"bob\",\"comment\":\"ok\"}", "bob", List.of("devops")).comment())
                .isEqualTo("ok");
    }

    @Test
    void givenBadInput_then400NamingTheField() {
        assertThatThrownBy(() -> VoteForm.parse("c-1", "{\"approved\":true}", "bob", List.of("devops")))
                .isInstanceOf(Refused.BadRequest.class).hasMessageContaining("unknown field 'approved'");
        assertThatThrownBy(() -> VoteForm.parse("c-1", "{\"comment\":42}", "bob", List.of("devops")))
                .isInstanceOf(Refused.BadRequest.class).hasMessageContaining("comment must be");
        assertThatThrownBy(() -> VoteForm.parse("c-1", "[1]", "bob", List.of("devops")))
                .isInstanceOf(Refused.BadRequest.class).hasMessageContaining("JSON object");
        assertThatThrownBy(() -> VoteForm.parse(" ", "{}", "bob", List.of("devops")))
                .isInstanceOf(Refused.BadRequest.class).hasMessageContaining("correlation id");
    }
}
