package io.govstream.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * ./verify runs the tests tagged solo in the cli module while the cli lane runs there too, each with its own failsafe
 * reports directory ({@code -Dit.reports=...}). Each run deletes its summaries before its integration tests, and a verify
 * goal that finds no summary passes: a path to failsafe's reports written out in a pom, instead of through the
 * {@code it.reports} property, would let one run delete the other's verdict.
 */
class FailsafeReportsTest {
    private static final Pattern COMMENT = Pattern.compile("<!--.*?-->", Pattern.DOTALL);

    @Test
    void givenEveryPom_whenItNamesFailsafesReports_thenOnlyThroughTheItReportsProperty() throws IOException {
        List<Path> poms = Repo.sources().stream().filter(p -> p.getFileName().toString().equals("pom.xml")).toList();
        assertThat(poms).isNotEmpty();
        long summaries = 0;
        for (Path pom : poms) {
            // The pom without its comments, which may name the directories in prose.
            String xml = COMMENT.matcher(Files.readString(pom)).replaceAll("");
            for (String line : xml.lines().toList()) {
                String code = line.strip();
                if (code.startsWith("<it.reports>")) {
                    continue;
                }
                assertThat(code).as("%s: failsafe's reports only through ${it.reports}", Repo.root().relativize(pom))
                        .doesNotContain("failsafe-reports");
                if (code.contains("<summaryFile>") || code.contains("<reportsDirectory>")) {
                    assertThat(code).as("%s", Repo.root().relativize(pom)).contains("${project.build.directory}/${it.reports}");
                    summaries++;
                }
            }
        }
        assertThat(summaries).as("the failsafe reports directory and the cli module's two summaries").isGreaterThanOrEqualTo(3);
        assertThat(Files.readString(Repo.path("pom.xml"))).contains("<it.reports>failsafe-reports</it.reports>");
    }
}
