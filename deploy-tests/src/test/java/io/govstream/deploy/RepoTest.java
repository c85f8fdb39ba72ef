package io.govstream.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RepoTest {
    @TempDir
    Path root;

    @Test
    void givenBuildOutputAndHiddenDirectories_whenTheSourcesAreListed_thenOnlyTheRepositorysOwnFilesAreThere() throws IOException {
        for (String file : List.of("pom.xml", "ledger/pom.xml", "ledger/src/test/java/LedgerIT.java", "ledger/target/classes/A.class",
                ".git/HEAD", "schemas/registry/.cifuzz-corpus/RegistryRestFuzzTest/anyRequest/5a03", "ui/node_modules/x/index.js")) {
            Files.createDirectories(root.resolve(file).getParent());
            Files.writeString(root.resolve(file), "");
        }

        List<String> sources = Repo.sources(root).stream().map(p -> root.relativize(p).toString()).toList();

        assertThat(sources).contains("pom.xml", "ledger/pom.xml", "ledger/src/test", "ledger/src/test/java/LedgerIT.java")
                .noneMatch(p -> p.contains("target") || p.contains(".git") || p.contains(".cifuzz-corpus") || p.contains("node_modules"));
    }
}
