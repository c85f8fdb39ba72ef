package io.govstream.cli.flag;

import static org.assertj.core.api.Assertions.assertThat;

import io.govstream.cli.client.ExitCodes;
import io.govstream.cli.GovctlRun;
import java.util.Arrays;
import java.util.stream.Stream;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Argument handling of govctl flag set / unset: refused before any cluster is contacted (the broker path is in FlagsLiveIT). */
class FlagCommandsTest {
    @TempDir
    Path dataDir;

    private GovctlRun govctl(String... args) {
        String[] all = Stream.concat(Arrays.stream(args), Stream.of("--data-dir", dataDir.toString())).toArray(String[]::new);
        return GovctlRun.of(all);
    }

    @Test
    void givenAnInvalidName_whenSetOrUnset_thenRefusedNamingTheRule() {
        GovctlRun set = govctl("flag", "set", "axon-paused", "true");
        GovctlRun unset = govctl("flag", "unset", "9lives");

        assertThat(set.code()).isEqualTo(ExitCodes.FAILURE);
        assertThat(set.err()).contains("govctl flag set: invalid flag name 'axon-paused': use a letter or _", "nothing published");
        assertThat(unset.code()).isEqualTo(ExitCodes.FAILURE);
        assertThat(unset.err()).contains("govctl flag unset: invalid flag name '9lives'", "nothing published");
    }

    @Test
    void givenAValueNotOfTheType_whenSet_thenRefusedSayingWhatTheTypeAccepts() {
        assertThat(govctl("flag", "set", "paused", "yes", "--type", "bool").err())
                .contains("value 'yes' is not a bool: use true or false; nothing published");
        assertThat(govctl("flag", "set", "limit", "ten", "--type", "number").err()).contains("value 'ten' is not a number");
        assertThat(govctl("flag", "set", "cfg", "{oops", "--type", "json").err()).contains("value is not JSON");
        // Both were stored, as null and as the string "Infinity".
        assertThat(govctl("flag", "set", "cfg", " ", "--type", "json").err()).contains("value is not JSON: it is empty");
        assertThat(govctl("flag", "set", "cfg", "{\"limit\": 1e999999}", "--type", "json").err())
                .contains("value has a number beyond what a double holds (about 1.8e308)", "nothing published");
        GovctlRun type = govctl("flag", "set", "paused", "true", "--type", "boolean");
        assertThat(type.code()).isEqualTo(ExitCodes.FAILURE);
        assertThat(type.err()).contains("unknown --type 'boolean': use one of bool, string, number, json");
    }

    @Test
    void givenAValidFlagButNoPlatform_whenSet_thenItSaysHowToStartOne() {
        GovctlRun run = govctl("flag", "set", "paused", "true");

        assertThat(run.code()).isEqualTo(ExitCodes.FAILURE);
        assertThat(run.err()).contains("no client configuration at").contains("govctl up");
    }

    @Test
    void givenNoValue_whenSet_thenUsageError() {
        GovctlRun run = govctl("flag", "set", "paused");

        assertThat(run.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("Missing required parameter: 'VALUE'");
    }
}
