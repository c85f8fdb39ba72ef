package io.govstream.deploy;

import io.govstream.cli.Govctl;
import io.govstream.topology.Catalogue;
import io.govstream.topology.TopicSpec;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** Checks the chart and the compose file share: what they set must be what the code reads. */
final class Consistency {
    /** Read by Micronaut itself (extra configuration files), not by our code. */
    private static final Set<String> MICRONAUT_OWN = Set.of("MICRONAUT_CONFIG_FILES");

    private Consistency() {
    }

    /** The variables of {@code env} that {@code service} does not read, as "service: NAME". */
    static List<String> unread(Service service, Collection<String> env) {
        return env.stream()
                .filter(name -> !MICRONAUT_OWN.contains(name) && !service.reads(name))
                .map(name -> service + ": " + name)
                .toList();
    }

    /**
     * Parses govctl arguments with the real CLI (picocli throws on an unknown subcommand or
     * option, or a missing parameter) and checks the variables given to it are ones it reads.
     */
    static void requireGovctlAccepts(List<String> args, Collection<String> env) {
        Govctl.commandLine().parseArgs(args.toArray(String[]::new));
        String dataDirOption = Repo.read("cli/src/main/java/io/govstream/cli/client/DataDirOption.java");
        for (String name : env) {
            if (!dataDirOption.contains("${" + name)) {
                throw new AssertionError("govctl does not read " + name + " (given with " + args + ")");
            }
        }
    }

    private static final java.util.regex.Pattern SECRET_FILE =
            java.util.regex.Pattern.compile("/run/govstream/secrets/([A-Za-z0-9._-]+)");

    /**
     * The key and password files that {@code govctl keys init} makes in the data dir, by file name (the
     * ledger's KEK is made in a key directory of its own and is not among them).
     */
    static Set<String> keysInitFiles() {
        java.nio.file.Path dir = java.nio.file.Path.of("d");
        Set<String> names = new java.util.TreeSet<>(Set.of(
                io.govstream.runtime.commands.CommandSeal.PRIVATE_FILE,
                io.govstream.runtime.commands.CommandSeal.PUBLIC_FILE,
                io.govstream.runtime.commands.EventSeal.PRIVATE_FILE,
                io.govstream.runtime.commands.EventSeal.PUBLIC_FILE,
                io.govstream.ledger.checkpoint.SigningKeys.privateKeyFile(dir).getFileName().toString(),
                io.govstream.ledger.checkpoint.SigningKeys.PUBLIC_FILE,
                io.govstream.cli.auth.TokenKey.file(dir).getFileName().toString(),
                "admin.password"));
        Catalogue.load().principals().forEach(p -> names.add(p.name() + ".password"));
        return names;
    }

    /** The files under a secrets mount that {@code text} names. */
    static Set<String> secretFilesNamed(String text) {
        Set<String> names = new java.util.TreeSet<>();
        java.util.regex.Matcher m = SECRET_FILE.matcher(text);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    static Set<String> catalogueTopics() {
        return Catalogue.load().topics().stream().map(TopicSpec::name).collect(Collectors.toSet());
    }

    static Map<String, String> strings(Map<?, ?> map) {
        return map.entrySet().stream().collect(Collectors.toMap(e -> String.valueOf(e.getKey()), e -> String.valueOf(e.getValue()),
                (a, b) -> b, java.util.TreeMap::new));
    }
}
