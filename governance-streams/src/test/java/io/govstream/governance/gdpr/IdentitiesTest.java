package io.govstream.governance.gdpr;

import static org.assertj.core.api.Assertions.assertThat;

import io.govstream.policy.Identities;
import io.govstream.schemas.gdpr.SubjectRef;
import org.junit.jupiter.api.Test;

/** One person, however their name is written, and still one person once their name is erased from state. */
class IdentitiesTest {

    @Test
    void givenNamesWrittenDifferently_whenCompared_thenTheyAreOnePerson_andShareOneKey() {
        assertThat(Identities.same("Alice", " alice")).isTrue();
        assertThat(Identities.same("ａｌｉｃｅ", "alice")).isTrue();
        assertThat(Identities.same("alice", "alicia")).isFalse();
        assertThat(Identities.key(" ALICE")).isEqualTo(Identities.key("alice")).isNotEqualTo(Identities.key("alicia"));
    }

    @Test
    void givenANameErasedFromState_whenComparedWithTheName_thenItIsStillThatPerson_andNoOneElse() {
        String erased = ErasedNames.replacement(" Bobby");

        assertThat(erased).doesNotContainIgnoringCase("bobby").isEqualTo(SubjectRef.erasedPerson(SubjectRef.of("bobby")));
        assertThat(Identities.same(erased, "bobby")).isTrue();
        assertThat(Identities.same("BOBBY", erased)).isTrue();
        assertThat(Identities.same(erased, "carla")).isFalse();
        assertThat(Identities.same(erased, ErasedNames.replacement("bobby"))).isTrue();
        assertThat(Identities.same(erased, ErasedNames.replacement("carla"))).isFalse();
        assertThat(Identities.key(erased)).isEqualTo(Identities.key("Bobby"));
    }

    @Test
    void givenAnErasureOfOneSpelling_whenStoredNamesAreMatched_thenEverySpellingOfThatPersonMatches_andAMarkerNever() {
        String ref = SubjectRef.of("Bobby");

        assertThat(ErasedNames.names("Bobby", ref)).isTrue();
        assertThat(ErasedNames.names("carla", ref)).isFalse();
        assertThat(ErasedNames.names(ErasedNames.replacement("Bobby"), ref)).as("already erased").isFalse();
        assertThat(ErasedNames.names(null, ref)).isFalse();
        assertThat(ErasedNames.names("bobby", SubjectRef.of("bobby"))).isTrue();
    }
}
