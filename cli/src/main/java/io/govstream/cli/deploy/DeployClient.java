package io.govstream.cli.deploy;

import io.govstream.cli.auth.TokenKey;
import io.govstream.cli.client.ClientConfigOption;
import io.govstream.cli.client.KeyDirOption;
import io.govstream.policy.Environments;
import java.util.function.Consumer;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** What every {@code govctl deploy} command shares: the cluster (client config) and the tenant. */
public final class DeployClient {
    @Mixin
    ClientConfigOption config;
    @Option(names = "--tenant", paramLabel = "TENANT", defaultValue = "default",
            description = "Tenant the release belongs to (decisions and the ledger carry it). Default: ${DEFAULT-VALUE}.")
    String tenant;
    @Option(names = "--orbit", paramLabel = "URL",
            description = "Orbit's base URL for events (default: the one 'govctl up' wrote into the data dir, else http://localhost:8080).")
    String orbit;
    @Option(names = "--token", paramLabel = "JWT",
            description = "The reporter's own bearer token (default: $GOVCTL_TOKEN, else one minted for --as from the data dir's key).")
    String token;

    /** The ledger's deployment entries, their names decrypted with the KEK {@code keyDir} locates; {@code notes} hears why not. */
    DeploymentLedger ledger(KeyDirOption keyDir, Consumer<String> notes) {
        return new DeploymentLedger(config.clientProperties(), config.catalogue(), keyDir.kek(config.dataDir(), notes), notes);
    }

    DeploymentPublisher publisher() {
        return new DeploymentPublisher(config.dataDir(), orbit, TokenKey.given(token));
    }

    /** @throws IllegalArgumentException unless {@code env} is on the release path */
    static void environment(String option, String env) {
        if (!Environments.known(env)) {
            throw new IllegalArgumentException(option + " '" + env + "' is not one of " + String.join(", ", Environments.ORDER));
        }
    }

    /** @throws IllegalArgumentException if blank */
    static void name(String option, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(option + " is blank");
        }
    }
}
