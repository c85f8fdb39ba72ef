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
        String dataDirOption = Repo.read("cli/src/main/java/io/govstream/cli/DataDirOption.java");
        for (String name : env) {
            if (!dataDirOption.contains("${" + name)) {
                throw new AssertionError("govctl does not read " + name + " (given with " + args + ")");
            }
        }
    }

    static Set<String> catalogueTopics() {
        return Catalogue.load().topics().stream().map(TopicSpec::name).collect(Collectors.toSet());
    }

    static Map<String, String> strings(Map<?, ?> map) {
        return map.entrySet().stream().collect(Collectors.toMap(e -> String.valueOf(e.getKey()), e -> String.valueOf(e.getValue()),
                (a, b) -> b, java.util.TreeMap::new));
    }
}
