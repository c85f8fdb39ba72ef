package io.govstream.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code ./verify} (the README's test command, what CI runs) does with the outcomes of the Maven runs it
 * starts: the real script, run on a copy of the repository's layout (its poms, which modules have tests, which
 * hold fuzz tests and tests tagged solo), with a stand-in {@code mvn} first on the PATH that answers each kind of
 * run (the build, a lane, the fuzz tests, the solo tests, deploy-tests) as a test tells it and logs when each
 * starts and ends. Stand-ins for promtool, prometheus and chromium keep the script from installing anything.
 */
class VerifyScriptTest {
    private static final Duration RUN_LIMIT = Duration.ofSeconds(120);
    /** The stand-in Maven: a run's kind from its arguments, then what the environment says for that kind. */
    private static final String FAKE_MVN = """
            #!/usr/bin/env bash
            args="$*"
            case "$args" in
              *" install "*) kind=build ;;
              *"surefire:test@fuzz"*) kind=fuzz ;;
              *"-Dgroups=solo"*) kind=solo ;;
              *"-pl deploy-tests"*) kind=deploy ;;
              *"surefire:test -pl cli"*) kind=cliunit ;;
              *"-pl cli "*) kind=cli ;;
              *"-pl governance-streams"*) kind=streams ;;
              *) kind=core ;;
            esac
            echo "start $kind" >> "$FAKE_LOG"
            [[ $kind == solo || $kind == cli ]] && echo "$kind args: $args" >> "$FAKE_LOG"
            if [[ -n ${FAKE_TARS:-} ]]; then
              # What Jib says when a lane's image module has packaged, before its tests.
              case $kind in
                cli) tars="cli" ;;
                streams) tars="governance-streams services/orbit services/axon" ;;
                core) tars="schemas/registry" ;;
                *) tars="" ;;
              esac
              for tar in $tars; do echo "[INFO] Built image tarball at $PWD/$tar/target/jib-image.tar"; done
            fi
            if [[ $kind == cli && -n ${FAKE_CLI_TAIL:-} ]]; then
              # The cli lane's shared-platform classes begin: the suite's tail.
              echo "[INFO] --- maven-failsafe-plugin:3.5.4:integration-test (shared-platform) @ govstream-cli ---"
            fi
            if [[ $kind == fuzz ]]; then
              echo $$ > "$FAKE_LOG.fuzz-pid"
              echo "fuzz run's shell: $PPID" >> "$FAKE_LOG"
              # Runs until told to stop, as a long fuzz run would.
              [[ ${FAKE_FUZZ_RC:-hang} == hang ]] && exec sleep 600
            fi
            if [[ $kind == solo ]]; then
              echo $$ > "$FAKE_LOG.solo-pid"
              # As SoloGate: prepares, then waits for the gate file before it measures.
              gate=""
              for arg in "$@"; do [[ $arg == -Dsolo.gate=* ]] && gate=${arg#-Dsolo.gate=}; done
              if [[ -n $gate ]]; then
                echo "solo gate: $gate" >> "$FAKE_LOG"
                exec {tick}<> <(:) # waits below without starting a process each time
                while [[ ! -e $gate ]]; do read -r -t 0.1 -u "$tick" || true; done
                echo "solo measures" >> "$FAKE_LOG"
              fi
            fi
            delay_var="FAKE_${kind^^}_SECONDS"; rc_var="FAKE_${kind^^}_RC"; says_var="FAKE_${kind^^}_SAYS"
            sleep "${!delay_var:-0}"
            # What Maven prints at the end of this run, and a dump file a test JVM left, as surefire writes them.
            [[ -n ${!says_var:-} ]] && printf '%s\n' "${!says_var}"
            if [[ $kind == solo && -n ${FAKE_SOLO_DUMP:-} ]]; then
              reports=failsafe-reports
              for arg in "$@"; do [[ $arg == -Dit.reports=* ]] && reports=${arg#-Dit.reports=}; done
              mkdir -p "cli/target/$reports"
              printf '# Created at 2026-12-05T04:05:00.000\n%s\n' "$FAKE_SOLO_DUMP" > "cli/target/$reports/2026-12-05T04-03-27_826-jvmRun1.dump"
            fi
            echo "end $kind" >> "$FAKE_LOG"
            exit "${!rc_var:-0}"
            """;

    @TempDir
    Path dir;

    @Test
    void givenEveryRunPassing_whenVerifyRuns_thenItPasses_theTailStartsOnceALaneIsDone_andTheSoloTestsMeasureAfterEveryLane()
            throws Exception {
        Result result = verify(Map.of("FAKE_CORE_SECONDS", "1", "FAKE_CLIUNIT_SECONDS", "3", "FAKE_STREAMS_SECONDS", "6",
                "FAKE_CLI_SECONDS", "8", "FAKE_FUZZ_RC", "0", "FAKE_TARS", "yes"));

        assertThat(result.exitCode).as(result.output).isZero();
        assertThat(result.output).contains("verify: every test passed");
        assertThat(result.output.strip().lines().reduce((first, second) -> second).orElseThrow())
                .as("the last line: a fixed loop timed on each core").startsWith("verify: a fixed loop's CPU time").contains(": core 0 ");
        List<String> log = result.log;
        assertThat(log.get(0)).isEqualTo("start build");
        assertThat(log.indexOf("start cliunit")).as("the cli module's unit tests run in the first lane done, after its modules: %s", log)
                .isGreaterThan(log.indexOf("end core"));
        assertThat(log).as("once").containsOnlyOnce("start cliunit");
        assertThat(result.output).contains("verify: lane core runs the unit tests of cli");
        assertThat(log).as("and not in the cli lane").anySatisfy(line -> assertThat(line).startsWith("cli args: ")
                .contains("-Dtest=NoUnitTestInThisLane", "-Dsurefire.failIfNoSpecifiedTests=false"));
        for (String tail : List.of("start fuzz", "start solo", "start deploy")) {
            assertThat(log.indexOf(tail)).as("%s once a lane's own tests are done, beside the cli unit tests it runs then: %s", tail, log)
                    .isGreaterThan(log.indexOf("end core")).isLessThan(log.indexOf("end cliunit"));
        }
        for (String lane : List.of("cli", "streams", "core")) {
            assertThat(log.indexOf("solo measures")).as("the solo tests measure once every lane has passed: %s", log)
                    .isGreaterThan(log.indexOf("end " + lane));
        }
        assertThat(log).contains("end solo", "end deploy", "end fuzz");
        assertThat(log).as("the solo classes are ITs on platforms of their own: the solo run calls failsafe's goals for them, not "
                + "the lifecycle (no packaging again, no unit tests, no shared-platform run)").anySatisfy(line -> assertThat(line)
                .startsWith("solo args: -B clean:clean@failsafe-summaries failsafe:integration-test@default failsafe:verify@default ")
                .doesNotContain(" verify ", "-Dtest="));
        assertThat(log).as("beside the cli lane, in the same module, the solo run keeps its reports and surefire's files apart")
                .anySatisfy(line -> assertThat(line).startsWith("solo args: ").contains("-Dit.reports=failsafe-reports-", "-DtempDir=surefire-"))
                .anySatisfy(line -> assertThat(line).startsWith("cli args: ").doesNotContain("-Dit.reports=", "-DtempDir="));
    }

    @Test
    void givenTheCliLaneReachingItsSharedPlatformClasses_whenNoLaneIsDoneYet_thenTheFuzzAndDeploymentTestsStartThen() throws Exception {
        Result result = verify(Map.of("FAKE_CORE_SECONDS", "6", "FAKE_STREAMS_SECONDS", "6", "FAKE_CLI_SECONDS", "6",
                "FAKE_FUZZ_RC", "0", "FAKE_TARS", "yes", "FAKE_CLI_TAIL", "yes"));

        assertThat(result.exitCode).as(result.output).isZero();
        for (String tail : List.of("start fuzz", "start deploy")) {
            for (String lane : List.of("cli", "streams", "core")) {
                assertThat(result.log.indexOf(tail)).as("%s before any lane is done: %s", tail, result.log)
                        .isLessThan(result.log.indexOf("end " + lane));
            }
        }
        assertThat(result.log.indexOf("start solo")).as("the solo tests once a lane is done: %s", result.log)
                .isGreaterThan(Math.min(result.log.indexOf("end core"), Math.min(result.log.indexOf("end cli"), result.log.indexOf("end streams"))));
        for (String lane : List.of("cli", "streams", "core")) {
            assertThat(result.log.indexOf("solo measures")).as("the solo tests still measure after every lane: %s", result.log)
                    .isGreaterThan(result.log.indexOf("end " + lane));
        }
    }

    @Test
    void givenNoImageTarReportedBuilt_whenVerifyRuns_thenTheDeploymentTestsWaitForEveryLane() throws Exception {
        Result result = verify(Map.of("FAKE_CORE_SECONDS", "1", "FAKE_STREAMS_SECONDS", "2", "FAKE_CLI_SECONDS", "3", "FAKE_FUZZ_RC", "0"));

        assertThat(result.exitCode).as(result.output).isZero();
        for (String lane : List.of("cli", "streams", "core")) {
            assertThat(result.log.indexOf("start deploy")).as("deploy-tests read the image tars: %s", result.log)
                    .isGreaterThan(result.log.indexOf("end " + lane));
        }
    }

    @Test
    void givenTheLastLaneFailingWhileTheSoloTestsPrepare_whenVerifyRuns_thenItFailsNamingTheLane_andTheSoloTestsNeverMeasure()
            throws Exception {
        Result result = verify(Map.of("FAKE_CORE_SECONDS", "1", "FAKE_STREAMS_SECONDS", "1", "FAKE_CLI_SECONDS", "6", "FAKE_CLI_RC", "1"));

        assertThat(result.exitCode).as(result.output).isEqualTo(1);
        assertThat(result.output).contains("verify: FAILED in lane(s) cli");
        assertThat(result.log).as("the solo tests started beside the last lane").contains("start solo")
                .as("and were stopped before they measured").doesNotContain("solo measures", "end solo");
        String gate = result.log.stream().filter(line -> line.startsWith("solo gate: ")).findFirst().orElseThrow().substring(11);
        assertThat(Path.of(gate)).as("the gate file is written only when every lane has passed").doesNotExist();
        assertStopped(result, "solo", "the solo tests");
        assertStopped(result, "fuzz", "the fuzz tests");
    }

    @Test
    void givenAUnitTestTaggedSolo_whenVerifyRuns_thenTheSoloRunLeavesSurefireItsTests() throws Exception {
        // The tag written in two pieces: this file must not look tagged itself to the script's search.
        Result result = verify(Map.of("FAKE_FUZZ_RC", "0"), Map.of("cli/src/test/java/io/govstream/cli/SoloUnitTest.java",
                "import org.junit.jupiter.api.Tag;\n\n@Tag(\"so" + "lo\")\nclass SoloUnitTest {\n}\n"));

        assertThat(result.exitCode).as(result.output).isZero();
        assertThat(result.log).anySatisfy(line -> assertThat(line).startsWith("solo args: ").contains("-Dgroups=solo")
                .doesNotContain("-Dtest="));
    }

    @Test
    void givenASoloIntegrationTestOnTheSharedPlatform_whenVerifyRuns_thenTheSoloRunTakesTheLifecycle_withNoUnitTest()
            throws Exception {
        // The tag written in two pieces, as above; no @PrivatePlatform: its class runs in the shared-platform execution.
        Result result = verify(Map.of("FAKE_FUZZ_RC", "0"), Map.of("cli/src/test/java/io/govstream/cli/SharedSoloIT.java",
                "import org.junit.jupiter.api.Tag;\n\n@Tag(\"so" + "lo\")\nclass SharedSoloIT {\n}\n"));

        assertThat(result.exitCode).as(result.output).isZero();
        assertThat(result.log).anySatisfy(line -> assertThat(line).startsWith("solo args: -B verify ")
                .contains("-Dgroups=solo", "-Dtest=NoSoloUnitTest", "-Dsurefire.failIfNoSpecifiedTests=false"));
    }

    @Test
    void givenASoloIntegrationTestInAModuleWithoutItsOwnSummaryCleaning_whenVerifyRuns_thenTheSoloRunTakesTheLifecycle()
            throws Exception {
        // Called by id in a module that lacks it, clean:clean@failsafe-summaries would delete the module's whole target/.
        Result result = verify(Map.of("FAKE_FUZZ_RC", "0"), Map.of("ledger/src/test/java/io/govstream/ledger/LedgerSoloIT.java",
                "import org.junit.jupiter.api.Tag;\n\n@PrivatePlatform(\"its own\")\n@Tag(\"so" + "lo\")\nclass LedgerSoloIT {\n}\n"));

        assertThat(result.exitCode).as(result.output).isZero();
        assertThat(result.log).anySatisfy(line -> assertThat(line).startsWith("solo args: -B verify ")
                .contains("-pl cli,ledger", "-Dtest=NoSoloUnitTest").doesNotContain("clean:clean"));
    }

    @Test
    void givenALaneThatFailsWhileTheTailRuns_whenVerifyRuns_thenItFailsNamingTheLane_andStopsTheFuzzTests() throws Exception {
        Result result = verify(Map.of("FAKE_CLI_TAIL", "yes", "FAKE_CLI_SECONDS", "2", "FAKE_CLI_RC", "1", "FAKE_CORE_SECONDS", "6",
                "FAKE_STREAMS_SECONDS", "6"));

        assertThat(result.exitCode).as(result.output).isEqualTo(1);
        assertThat(result.output).contains("verify: FAILED in lane(s) cli");
        assertThat(result.log).as("the tail had started").contains("start fuzz")
                .as("nothing starts after a failed lane").doesNotContain("start solo", "start deploy");
        assertStopped(result, "fuzz", "the fuzz tests");
    }

    @Test
    void givenALaneThatFailsBeforeTheTail_whenVerifyRuns_thenNothingMoreStarts() throws Exception {
        Result result = verify(Map.of("FAKE_CLI_RC", "1", "FAKE_CORE_SECONDS", "2", "FAKE_STREAMS_SECONDS", "2", "FAKE_TARS", "yes"));

        assertThat(result.exitCode).as(result.output).isEqualTo(1);
        assertThat(result.output).contains("verify: FAILED in lane(s) cli");
        assertThat(result.log).doesNotContain("start fuzz", "start solo", "start deploy");
    }

    @Test
    void givenTheCliLaneDoneFirst_whenVerifyRuns_thenItRunsTheCliUnitTests_andNoOtherLaneDoes() throws Exception {
        Result result = verify(Map.of("FAKE_CLI_SECONDS", "1", "FAKE_CORE_SECONDS", "4", "FAKE_STREAMS_SECONDS", "4", "FAKE_FUZZ_RC", "0"));

        assertThat(result.exitCode).as(result.output).isZero();
        assertThat(result.output).contains("verify: lane cli runs the unit tests of cli")
                .doesNotContain("verify: lane core runs the unit tests", "verify: lane streams runs the unit tests");
        assertThat(result.log).containsOnlyOnce("start cliunit");
        assertThat(result.log.indexOf("start cliunit")).as("after the cli lane's own tests, before the others end: %s", result.log)
                .isGreaterThan(result.log.indexOf("end cli")).isLessThan(result.log.indexOf("end core"));
    }

    @Test
    void givenCliUnitTestsThatFail_whenVerifyRuns_thenTheLaneThatRanThemFails() throws Exception {
        Result result = verify(Map.of("FAKE_CLIUNIT_RC", "1", "FAKE_FUZZ_RC", "0", "FAKE_CLI_SECONDS", "3", "FAKE_CORE_SECONDS", "3"));

        assertThat(result.exitCode).as(result.output).isEqualTo(1);
        assertThat(result.output).contains("verify: FAILED in lane(s) streams");
        assertThat(result.log).contains("end cliunit").doesNotContain("solo measures", "start deploy");
    }

    @Test
    void givenFuzzTestsThatFail_whenEverythingElsePasses_thenVerifyFailsNamingThem() throws Exception {
        Result result = verify(Map.of("FAKE_FUZZ_RC", "1"));

        assertThat(result.exitCode).as(result.output).isEqualTo(1);
        assertThat(result.output).contains("verify: FAILED in the fuzz tests");
    }

    @Test
    void givenSoloTestsThatFail_whenVerifyRuns_thenItFailsNamingThem_andStopsTheFuzzTests() throws Exception {
        Result result = verify(Map.of("FAKE_SOLO_RC", "1", "FAKE_SOLO_SECONDS", "1"));

        assertThat(result.exitCode).as(result.output).isEqualTo(1);
        assertThat(result.output).contains("verify: FAILED in the tests tagged solo");
        assertStopped(result, "fuzz", "the fuzz tests");
    }

    @Test
    void givenASoloTestJvmThatExitsWithoutAGoodbye_whenVerifyFails_thenItsLastLinesSayWhy() throws Exception {
        String stackTrace = "[ERROR] \tat org.apache.maven.plugin.surefire.booterclient.ForkStarter.fork(ForkStarter.java:643)\n".repeat(120);
        Result result = verify(Map.of("FAKE_SOLO_RC", "1", "FAKE_SOLO_SECONDS", "1", "FAKE_SOLO_SAYS",
                "[ERROR] The forked VM terminated without properly saying goodbye. VM crash or System.exit called?\n"
                        + "[ERROR] Process Exit Code: 1\n" + stackTrace,
                "FAKE_SOLO_DUMP", "Exiting self fork JVM. Received SHUTDOWN command from Maven shutdown hook."));

        assertThat(result.exitCode).as(result.output).isEqualTo(1);
        assertThat(lastLines(result.output, 15)).as("what a CI system's tail of the output shows").contains("verify: what failed");
        assertThat(result.output.substring(result.output.lastIndexOf("verify: what failed"))).as("the explanation at the end")
                .contains("Process Exit Code: 1", "cli/target/failsafe-reports-so" + "lo/2026-12-05T04-03-27_826-jvmRun1.dump",
                        "Exiting self fork JVM. Received SHUTDOWN command from Maven shutdown hook.", "memory now: MemAvailable",
                        "verify: FAILED in the tests tagged solo")
                .doesNotContain("# Created at");
    }

    @Test
    void givenALaneWithAFailedTest_whenVerifyFails_thenItsLastLinesNameTheTest() throws Exception {
        String failure = "[ERROR] Tests run: 3, Failures: 1, Errors: 0, Skipped: 0, Time elapsed: 2.1 s <<< FAILURE! -- in io.govstream.cli.LedgerAuditIT";
        Result result = verify(Map.of("FAKE_CLI_RC", "1", "FAKE_CLI_SAYS",
                failure + "\n" + "[ERROR] \tat io.govstream.cli.LedgerAuditIT.audit(LedgerAuditIT.java:88)\n".repeat(150)
                        + "[ERROR] Failures: \n[ERROR]   LedgerAuditIT.audit:88 expected: 3 but was: 2\n[INFO] BUILD FAILURE"));

        assertThat(result.exitCode).as(result.output).isEqualTo(1);
        assertThat(lastLines(result.output, 10)).as("what a CI system's tail of the output shows").contains("verify: what failed");
        assertThat(result.output.substring(result.output.lastIndexOf("verify: what failed"))).as("the explanation at the end")
                .contains(failure, "LedgerAuditIT.audit:88 expected: 3 but was: 2", "verify: FAILED in lane(s) cli")
                .doesNotContain("LedgerAuditIT.java:88");
    }

    @Test
    void givenFuzzTestsThatEndedEarly_whenALaneFailsLater_thenVerifySignalsOnlyTheRunsStillGoing() throws Exception {
        Result result = verify(Map.of("FAKE_CLI_TAIL", "yes", "FAKE_FUZZ_RC", "0", "FAKE_CLI_SECONDS", "3", "FAKE_CLI_RC", "1",
                "FAKE_CORE_SECONDS", "6", "FAKE_STREAMS_SECONDS", "6"));

        assertThat(result.exitCode).as(result.output).isEqualTo(1);
        assertThat(result.log).as("the fuzz run had ended before the lane failed").containsSubsequence("end fuzz", "end cli");
        String shell = result.log.stream().filter(line -> line.startsWith("fuzz run's shell: ")).findFirst().orElseThrow().substring(18);
        assertThat(result.log).as("an ended run's process id may name another process by now: no signal to its children")
                .noneSatisfy(line -> assertThat(line).startsWith("pkill").endsWith(" " + shell));
    }

    private static String realTool(String name) {
        return Stream.of("/usr/bin/" + name, "/bin/" + name).filter(path -> Files.isExecutable(Path.of(path))).findFirst()
                .orElseThrow(() -> new IllegalStateException("no " + name + " on this machine"));
    }

    private static String lastLines(String output, int count) {
        List<String> lines = output.lines().toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - count), lines.size()));
    }

    /** The stand-in's run of that kind ends within seconds of verify's (its pid, written as it started, is gone). */
    private static void assertStopped(Result result, String kind, String what) throws Exception {
        long pid = Long.parseLong(Files.readString(Path.of(result.logFile + "." + kind + "-pid")).strip());
        Optional<ProcessHandle> process = ProcessHandle.of(pid);
        if (process.isPresent()) {
            try {
                process.get().onExit().get(10, TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                process.get().destroyForcibly();
                throw new AssertionError(what + " (pid " + pid + ") still ran 10 s after verify ended", e);
            }
        }
    }

    private record Result(int exitCode, String output, List<String> log, Path logFile) {
    }

    /** Runs the repository's {@code verify} on a copy of its layout with the stand-ins first on the PATH. */
    private Result verify(Map<String, String> fake) throws Exception {
        return verify(fake, Map.of());
    }

    /** As {@link #verify(Map)}, with {@code extraFiles} (path in the repository: content) added to the copy. */
    private Result verify(Map<String, String> fake, Map<String, String> extraFiles) throws Exception {
        Path repo = layoutCopy();
        for (Map.Entry<String, String> file : extraFiles.entrySet()) {
            Path target = repo.resolve(file.getKey());
            Files.createDirectories(target.getParent());
            Files.writeString(target, file.getValue());
        }
        Path bin = Files.createDirectories(dir.resolve("bin"));
        executable(bin.resolve("mvn"), FAKE_MVN);
        // pkill as it is, its calls logged.
        executable(bin.resolve("pkill"), "#!/bin/sh\necho \"pkill $*\" >> \"$FAKE_LOG\"\nexec " + realTool("pkill") + " \"$@\"\n");
        // taskset as it is, but for the timed loop, which it skips: a run's last line gives each core's time for it.
        executable(bin.resolve("taskset"), "#!/bin/sh\ncore=$2\nshift 2\n[ \"$1\" = awk ] && exit 0\nexec "
                + realTool("taskset") + " -c \"$core\" \"$@\"\n");
        for (String tool : List.of("promtool", "prometheus", "chromium")) {
            executable(bin.resolve(tool), "#!/bin/sh\nexit 0\n");
        }
        Path log = dir.resolve("mvn-runs.log");
        Path output = dir.resolve("verify.out");
        ProcessBuilder builder = new ProcessBuilder("bash", repo.resolve("verify").toString()).directory(repo.toFile())
                .redirectErrorStream(true).redirectOutput(output.toFile());
        builder.environment().put("PATH", bin + ":" + System.getenv("PATH"));
        builder.environment().put("FAKE_LOG", log.toString());
        builder.environment().putAll(fake);
        Process verify = builder.start();
        if (!verify.waitFor(RUN_LIMIT.toSeconds(), TimeUnit.SECONDS)) {
            verify.descendants().forEach(ProcessHandle::destroyForcibly);
            verify.destroyForcibly();
            throw new AssertionError("./verify did not end within " + RUN_LIMIT + ":\n" + Files.readString(output));
        }
        List<String> runs = Files.exists(log) ? Files.readAllLines(log) : List.of();
        return new Result(verify.exitValue(), Files.readString(output, StandardCharsets.UTF_8), runs, log);
    }

    /**
     * The script, every module's pom and test directory, and the test sources the script looks for by name (fuzz
     * tests) or by content (the solo tag): what it reads to plan its runs.
     */
    private Path layoutCopy() throws IOException {
        Path root = Repo.root();
        Path copy = Files.createDirectories(dir.resolve("repo"));
        Files.copy(root.resolve("verify"), copy.resolve("verify"));
        List<Path> wanted = Repo.sources().stream().filter(p -> Files.isDirectory(p)
                ? p.getFileName().toString().equals("test") && p.getParent().getFileName().toString().equals("src")
                : p.getFileName().toString().equals("pom.xml") || p.getFileName().toString().endsWith("FuzzTest.java") || isSoloTagged(p))
                .toList();
        for (Path p : wanted) {
            Path target = copy.resolve(root.relativize(p).toString());
            if (Files.isDirectory(p)) {
                Files.createDirectories(target);
            } else {
                Files.createDirectories(target.getParent());
                Files.copy(p, target);
            }
        }
        return copy;
    }

    private static boolean isSoloTagged(Path p) {
        if (!p.toString().endsWith(".java") || !p.toString().contains("/src/test/")) {
            return false;
        }
        try {
            return Files.readString(p).contains("@Tag(\"solo\")");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void executable(Path file, String content) throws IOException {
        Files.writeString(file, content);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwx------"));
    }
}
