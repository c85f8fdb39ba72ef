package io.govstream.cli.topology;

import io.govstream.cli.client.ClientConfigOption;
import io.govstream.topology.plan.Plan;
import io.govstream.topology.plan.TopologyPlanner;
import io.govstream.topology.secrets.SecretStore;
import java.nio.file.Path;
import org.apache.kafka.clients.admin.Admin;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** What plan and apply share: the cluster, the catalogue, the principals' secrets. */
final class TopologyOptions {
    @Mixin
    ClientConfigOption config;
    @Option(names = "--secrets-dir", paramLabel = "DIR",
            description = "Where principals' passwords are kept (default: <data dir>/secrets); missing ones are generated (mode 0600).")
    Path secretsDir;
    @Option(names = "--allow-deletes", description = "Also remove ACLs that are not in the catalogue (never topics).")
    boolean allowDeletes;

    Admin admin() {
        return Admin.create(config.clientProperties());
    }

    Plan plan(Admin admin) {
        SecretStore secrets = new SecretStore(secretsDir != null ? secretsDir : config.dataDir().resolve("secrets"));
        return TopologyPlanner.plan(admin, config.catalogue(), secrets, allowDeletes);
    }
}
