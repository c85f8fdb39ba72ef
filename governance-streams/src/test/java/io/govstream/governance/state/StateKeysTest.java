package io.govstream.governance.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class StateKeysTest {
    @Test
    void givenAnyNumber_whenZeroPadded_thenExactlyWhatStringFormatWrote_soStoredKeysStayTheSame() {
        long[] edges = {0, 1, 9, 10, 99_999_999L, 100_000_000L, 1_763_812_800L, 999_999_999_999L, 1_000_000_000_000L,
                -1, -9, -1_234_567L, Long.MAX_VALUE, Long.MIN_VALUE};
        LongStream numbers = LongStream.concat(LongStream.of(edges), LongStream.iterate(7, n -> n * 3 + 1).limit(38));
        numbers.forEach(n -> {
            assertThat(StateKeys.zeroPadded(n, 12)).as("%d at width 12", n).isEqualTo(String.format("%012d", n));
            assertThat(StateKeys.zeroPadded(n, 8)).as("%d at width 8", n).isEqualTo(String.format("%08d", n));
        });
    }

    @Test
    void givenAScopeAndASecond_whenKeyed_thenTheSecondIsTwelveDigitsAfterTheScope() {
        assertThat(new Buckets(null, Buckets.SECONDS).key("5:acme|", 1_763_812_800L)).isEqualTo("5:acme|@001763812800");
    }
}
