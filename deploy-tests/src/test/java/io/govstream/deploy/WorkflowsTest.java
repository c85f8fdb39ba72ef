package io.govstream.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** .github/workflows against the README, .ci/run and the image modules. */
class WorkflowsTest {
    private static final List<String> IMAGE_MODULES =
            List.of("governance-streams", "services/orbit", "services/axon", "schemas/registry", "cli");

    private static List<String> imageNames() {
        List<String> names = new ArrayList<>();
        for (String module : IMAGE_MODULES) {
            Matcher m = Pattern.compile("<image.name>([^<]+)</image.name>").matcher(Repo.read(module + "/pom.xml"));
            assertThat(m.find()).as(module + " names its image").isTrue();
            names.add(m.group(1));
        }
        return names;
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asText()));
        return values;
    }

    @Test
    void givenTheTestWorkflow_whenRead_thenItRunsCiRunWhichRunsExactlyTheReadmeTestCommand() {
        Matcher readme = Pattern.compile("(?m)^(\\./\\S+)\\s+# test:").matcher(Repo.read("README.md"));
        assertThat(readme.find()).as("README names the test command").isTrue();
        List<String> ciRun = Repo.read(".ci/run").lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();

        assertThat(ciRun.get(ciRun.size() - 1)).isEqualTo("exec " + readme.group(1));
        String script = Repo.read(readme.group(1).substring(2));
        assertThat(script).as("the test command installs what the tests run for real, then builds every module")
                .contains("promtool", "prometheus", "chromium", "apt-get install", "mvn -B -T 2 install -DskipTests", "mvn -B verify -pl");
        Matcher lanes = Pattern.compile("(?s)\nlanes=\\((.*?)\n\\)").matcher(script);
        assertThat(lanes.find()).as("the script runs the tests in lanes").isTrue();
        assertThat(script).as("tests tagged solo are left out of the lanes and run alone after them")
                .contains("-DexcludedGroups=$solo", "-Dgroups=$solo");
        Matcher last = Pattern.compile("(?m)^last=(\\S+)$").matcher(script);
        assertThat(last.find()).as("the script runs the deployment files' tests after the lanes").isTrue();
        List<String> laned = Stream.concat(Pattern.compile("\"\\w+=([^\"]+)\"").matcher(lanes.group(1)).results()
                .flatMap(m -> Arrays.stream(m.group(1).split(","))), Stream.of(last.group(1))).toList();
        assertThat(laned).as("every module with tests is in exactly one lane, or runs last").doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(modulesWithTests());
        JsonNode steps = Repo.yaml(".github/workflows/test.yml").path("jobs").path("verify").path("steps");
        assertThat(steps.findValuesAsText("run")).contains("bash .ci/run");
    }

    private static List<String> modulesWithTests() {
        try (Stream<Path> poms = Files.walk(Repo.root(), 3)) {
            return poms.filter(p -> p.getFileName().toString().equals("pom.xml") && !p.getParent().equals(Repo.root())
                            && !p.toString().contains("/target/"))
                    .map(Path::getParent)
                    .filter(module -> Files.isDirectory(module.resolve("src/test")))
                    .map(module -> Repo.root().relativize(module).toString())
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void givenTheImageWorkflow_whenRead_thenItPushesEveryImageTaggedAndLabelledWithTheCommit() {
        String build = Repo.yaml(".github/workflows/images.yml").path("jobs").path("build-and-push").path("steps")
                .findValuesAsText("run").get(0);

        assertThat(build).contains("jib:build", "-DskipTests", "-Dimage.tag=${{ github.sha }}", "-Dimage.revision=${{ github.sha }}");
    }

    @Test
    void givenTheScanAndPromotionWorkflows_whenRead_thenTheyCoverExactlyTheImagesTheBuildMakes() {
        List<String> images = imageNames();
        JsonNode scanned = Repo.yaml(".github/workflows/scan.yml").path("jobs").path("images").path("strategy").path("matrix").path("image");
        JsonNode promotable = Repo.yaml(".github/workflows/promote.yml").path("on").path("workflow_dispatch")
                .path("inputs").path("service").path("options");

        assertThat(strings(scanned)).containsExactlyInAnyOrderElementsOf(images);
        assertThat(strings(promotable)).containsExactlyInAnyOrderElementsOf(images.stream().filter(i -> !i.equals("govctl")).toList());
    }

    @Test
    void givenThePromotionWorkflow_whenRead_thenItDeploysOnlyAfterTheGateSaysPermit() {
        List<String> runs = Repo.yaml(".github/workflows/promote.yml").path("jobs").path("promote").path("steps").findValuesAsText("run");
        int request = indexOf(runs, "govctl deploy request");
        int wait = indexOf(runs, "govctl deploy status \"$SERVICE\" --version \"$VERSION\" --to \"$TO\" --wait");
        int deploy = indexOf(runs, "helm upgrade");
        int complete = indexOf(runs, "govctl deploy complete");

        assertThat(request).isLessThan(wait);
        assertThat(wait).isLessThan(deploy);
        assertThat(deploy).isLessThan(complete);
        assertThat(runs.get(wait)).contains("3) echo \"::error::", "4) echo \"::error::");
    }

    @Test
    void givenThePromotionWorkflow_whenItsGovctlCommandsAreParsed_thenTheCliAcceptsEachOne() {
        List<String> runs = Repo.yaml(".github/workflows/promote.yml").path("jobs").path("promote").path("steps").findValuesAsText("run");
        List<String> parsed = new ArrayList<>();
        for (String run : runs) {
            Matcher command = Pattern.compile("\\./govctl ((?:\\\\\\n|[^\\n])+)").matcher(run);
            while (command.find()) {
                List<String> args = shellWords(command.group(1).replace("\\\n", " "));
                // Picocli throws on an unknown subcommand or option, a missing required one, or a missing parameter.
                try {
                    io.govstream.cli.Govctl.commandLine().parseArgs(args.toArray(String[]::new));
                } catch (picocli.CommandLine.ParameterException e) {
                    throw new AssertionError("govctl " + args + ": " + e.getMessage(), e);
                }
                parsed.add(args.get(0) + (args.size() > 1 && !args.get(1).startsWith("-") ? " " + args.get(1) : ""));
            }
        }
        assertThat(parsed).contains("deploy request", "deploy check", "deploy status", "deploy complete", "deploy health",
                "deploy rollback");
    }

    /**
     * Splits a shell command line into words (hand-written: quotes and variables only, which is all
     * the workflow uses): variables and GitHub expressions become the placeholder 1 (a valid string and number), and
     * {@code $outcome} becomes {@code --passed}, one of the values the workflow gives it.
     */
    private static List<String> shellWords(String line) {
        String substituted = line.replaceAll("\\$\\{\\{.*?}}", "1")
                .replace("\"$outcome\"", "--passed")
                .replaceAll("\\$\\{[^}]*}|\\$[A-Za-z_][A-Za-z0-9_]*", "1");
        List<String> words = new ArrayList<>();
        Matcher word = Pattern.compile("\"([^\"]*)\"|'([^']*)'|(\\S+)").matcher(substituted);
        while (word.find()) {
            String w = word.group(1) != null ? word.group(1) : word.group(2) != null ? word.group(2) : word.group(3);
            if (w.equals(";") || w.equals("&&") || w.equals("||")) {
                break;
            }
            words.add(w);
        }
        return words;
    }

    private static int indexOf(List<String> runs, String text) {
        for (int i = 0; i < runs.size(); i++) {
            if (runs.get(i).contains(text)) {
                return i;
            }
        }
        throw new AssertionError("no step runs " + text);
    }
}
