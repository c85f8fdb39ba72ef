package io.govstream.axon.work;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RecentCommandsTest {

    @Test
    void givenACommandSeenOnce_whenOfferedAgain_thenNotAFirstTime() {
        RecentCommands recent = new RecentCommands(10);
        assertThat(recent.firstTime("a")).isTrue();
        assertThat(recent.firstTime("a")).isFalse();
        assertThat(recent.firstTime("b")).isTrue();
    }

    @Test
    void givenMoreCommandsThanCapacity_whenTheOldestIsOfferedAgain_thenItIsForgotten() {
        RecentCommands recent = new RecentCommands(2);
        recent.firstTime("a");
        recent.firstTime("b");
        recent.firstTime("c");
        assertThat(recent.firstTime("a")).isTrue();
        assertThat(recent.firstTime("c")).isFalse();
    }
}
