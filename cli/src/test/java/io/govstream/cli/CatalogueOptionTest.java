package io.govstream.cli;

import io.govstream.cli.client.ClientConfigOption;
import static org.assertj.core.api.Assertions.assertThat;

import io.govstream.topology.Catalogue;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Every command that talks to a cluster takes that cluster's catalogue, not only 'govctl topology'. */
class CatalogueOptionTest {
    @TempDir
    Path dir;

    @Test
    void givenEveryCommand_whenItReachesACluster_thenItAlsoTakesTheCatalogue() {
        List<String> missing = new ArrayList<>();
        List<String> taking = new ArrayList<>();
        walk(Govctl.commandLine(), missing, taking);

        assertThat(taking).as("commands with --config").hasSizeGreaterThan(20)
                .contains("govctl ledger verify", "govctl ledger erase", "govctl policy apply", "govctl topology apply");
        assertThat(missing).as("commands with --config but no --catalogue").isEmpty();
    }

    @Test
    void givenACatalogueFile_whenParsed_thenTheCommandUsesItsTopicNames() throws IOException {
        String shipped;
        try (InputStream in = Catalogue.class.getClassLoader().getResourceAsStream(Catalogue.RESOURCE)) {
            shipped = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Path file = Files.writeString(dir.resolve("catalogue.yaml"), shipped.replace("name: governance.ledger\n", "name: acme.audit-ledger\n"));
        ClientConfigOption config = new ClientConfigOption();
        new CommandLine(new Holder(config)).parseArgs("--catalogue", file.toString());

        assertThat(config.topics().ledger()).isEqualTo("acme.audit-ledger");
        ClientConfigOption defaults = new ClientConfigOption();
        new CommandLine(new Holder(defaults)).parseArgs();
        assertThat(defaults.topics().ledger()).isEqualTo("governance.ledger");
    }

    @CommandLine.Command(name = "holder")
    static final class Holder {
        @CommandLine.Mixin
        final ClientConfigOption config;

        Holder(ClientConfigOption config) {
            this.config = config;
        }
    }

    private static void walk(CommandLine command, List<String> missing, List<String> taking) {
        CommandLine.Model.CommandSpec spec = command.getCommandSpec();
        if (spec.findOption("--config") != null) {
            taking.add(spec.qualifiedName());
            if (spec.findOption("--catalogue") == null) {
                missing.add(spec.qualifiedName());
            }
        }
        command.getSubcommands().values().forEach(sub -> walk(sub, missing, taking));
    }
}
