package io.govstream.cli.keys;

import io.govstream.cli.client.DataDirOption;
import io.govstream.cli.client.ExitCodes;
import io.govstream.cli.client.GovctlCommand;
import io.govstream.cli.client.KeyDirOption;
import io.govstream.cli.auth.TokenKey;
import io.govstream.cli.client.PlatformKek;
import io.govstream.ledger.checkpoint.SigningKeys;
import io.govstream.runtime.commands.CommandSeal;
import io.govstream.runtime.commands.EventSeal;
import io.govstream.secrets.SecretFiles;
import io.govstream.topology.Catalogue;
import io.govstream.topology.PrincipalSpec;
import io.govstream.topology.secrets.SecretStore;
import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "init", mixinStandardHelpOptions = true,
        description = {"Create, without starting the platform, every key and password a deployment needs (the same files",
                "'govctl up' makes): command-signing keys, ledger checkpoint keys, Orbit's token key, the admin password and",
                "one SCRAM password per catalogue principal in <data dir>/secrets, and the ledger key-encryption key in the",
                "key dir, outside the data dir (--key-dir). Existing files are kept; a KEK an older version kept in",
                "<data dir>/secrets is moved to the key dir. Secret files are mode 0600 in 0700 directories; turn them",
                "into Kubernetes Secrets or compose secrets (docs/operations.md)."},
        exitCodeList = {"0:every file exists", "1:error (cannot write the data dir)"})
public final class KeysInitCommand extends GovctlCommand {
    @Mixin
    private DataDirOption dataDir;
    @Mixin
    private KeyDirOption keyDir;
    @picocli.CommandLine.Option(names = "--catalogue", paramLabel = "FILE",
            description = "Catalogue YAML whose principals get a password (default: the built-in catalogue).")
    private Path catalogueFile;

    @Override
    public Integer call() {
        Path dir = dataDir.dataDir();
        Path secrets = dir.resolve("secrets");
        PrintWriter out = spec.commandLine().getOut();
        SecretFiles.ownerOnlyDirectory(dir);
        SecretFiles.ownerOnlyDirectory(secrets);
        CommandSeal.keyFiles(secrets).createIfAbsent();
        out.println("command signing   " + CommandSeal.keyFiles(secrets).privateFile() + "  (governance-streams)");
        out.println("command verify    " + CommandSeal.keyFiles(secrets).publicFile() + "  (Axon; public)");
        SigningKeys.loadOrCreate(dir);
        out.println("ledger signing    " + SigningKeys.privateKeyFile(dir) + "  (governance-streams)");
        out.println("ledger public key " + SigningKeys.publicKeyFile(dir) + "  (ledger verify, auditors; public)");
        PlatformKek.Located kek = keyDir.kek(dir, note -> out.println("note: " + note)).openOrCreate();
        out.println("ledger KEK        " + kek.where() + "  (governance-streams; outside the data dir: back it up apart from it)");
        out.println("token key         " + TokenKey.createIfAbsent(dir) + "  (Orbit, govctl token)");
        EventSeal.keyFiles(secrets).createIfAbsent();
        out.println("vote seal         " + EventSeal.keyFiles(secrets).privateFile() + "  (Orbit seals votes)");
        out.println("vote seal verify  " + EventSeal.keyFiles(secrets).publicFile() + "  (governance-streams; public)");
        SecretStore passwords = new SecretStore(secrets);
        // The cluster's super user (the embedded broker keeps admin.password in the same place).
        passwords.passwordFor("admin");
        out.println("password          " + secrets.resolve("admin.password") + "  (principal admin, the super user)");
        for (PrincipalSpec principal : (catalogueFile == null ? Catalogue.load() : Catalogue.load(catalogueFile)).principals()) {
            passwords.passwordFor(principal.name());
            out.println("password          " + secrets.resolve(principal.name() + ".password") + "  (principal " + principal.name() + ")");
        }
        return ExitCodes.OK;
    }
}
