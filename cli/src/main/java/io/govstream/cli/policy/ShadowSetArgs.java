package io.govstream.cli.policy;

import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The arguments of the commands that act on the shadow set of a scope: its id, the scope, who acts. */
final class ShadowSetArgs {
    @Parameters(paramLabel = "ID", description = "Policy set id of the shadow set.")
    String id;
    @Option(names = "--tenant", paramLabel = "TENANT", description = "Scope of the set when its id exists in several ('*' = global).")
    String tenant;
    @Option(names = "--author", paramLabel = "NAME", description = "Who acts (default: the OS user).")
    String author;
}
