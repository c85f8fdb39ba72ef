package io.govstream.cli.deploy;

import io.govstream.cli.client.ExitCodes;
import io.govstream.cli.client.GovctlCommand;
import io.govstream.events.Envelope;
import io.govstream.events.deployment.ApprovalGranted;
import io.govstream.events.deployment.ApprovalRevoked;
import io.govstream.events.deployment.CheckReported;
import io.govstream.events.deployment.DeploymentCompleted;
import io.govstream.events.deployment.HealthReported;
import io.govstream.events.deployment.PromotionRequested;
import io.govstream.events.deployment.RollbackRequested;
import io.govstream.events.deployment.TrafficSwitched;
import io.govstream.governance.deployment.DeploymentEvents;
import java.util.function.Function;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The {@code govctl deploy} commands that report one release event: each validates its
 * arguments, publishes one DeploymentEvent keyed by service, and prints what it sent. The gate's
 * decision follows in the ledger ({@code govctl deploy status}).
 */
final class DeployEventCommands {
    private DeployEventCommands() {
    }

    /** Service, version and the actor, shared by the event commands. */
    static class Release {
        @Parameters(index = "0", paramLabel = "SERVICE", description = "The service, e.g. checkout (the deployments topic's key).")
        String service;
        @Parameters(index = "1", paramLabel = "VERSION", description = "The version (tag) of the release.")
        String version;
        @Option(names = "--as", required = true, paramLabel = "NAME", description = "Who reports or asks (recorded in the ledger).")
        String actor;

        void validate() {
            DeployClient.name("SERVICE", service);
            DeployClient.name("VERSION", version);
            DeployClient.name("--as", actor);
        }
    }

    /** A release in one environment: service, version, actor and {@code --env}. */
    static final class Placed extends Release {
        @Option(names = "--env", required = true, paramLabel = "ENV",
                description = "The environment: dev, staging, production or production-pci.")
        String env;

        @Override
        void validate() {
            super.validate();
            DeployClient.environment("--env", env);
        }
    }

    abstract static class EventCommand extends GovctlCommand {
        @Mixin
        DeployClient client;

        /** Publishes the event of {@code service} (keyed by it, the client's tenant) and says what was sent. */
        int publish(String what, String service, String actor, Function<Envelope, Object> event) throws Exception {
            DeploymentPublisher.Sent sent = client.publisher().publish(service, client.tenant, actor, event);
            spec.commandLine().getOut().printf("%s accepted by Orbit: %s%n", what, sent);
            return ExitCodes.OK;
        }
    }

    @Command(name = "request", mixinStandardHelpOptions = true,
            description = {"Ask to promote a version from one environment to the next (dev → staging → production → production-pci).",
                    "The gate answers PENDING with what is missing, PERMIT (a signed deploy command follows) or DENY with the reason:",
                    "watch it with 'govctl deploy status SERVICE --version V --to ENV --wait'."},
            exitCodeList = {"0:Orbit accepted the request", "1:Orbit refused it, or invalid arguments"})
    static final class Request extends EventCommand {
        @Mixin
        Release release;
        @Option(names = "--from", required = true, paramLabel = "ENV", description = "Where the version runs now.")
        String from;
        @Option(names = "--to", required = true, paramLabel = "ENV", description = "The next environment.")
        String to;
        @Option(names = "--summary", paramLabel = "TEXT", description = "Change summary for the change log.")
        String summary;
        @Option(names = "--digest", paramLabel = "sha256:...", description = "Image digest of the version, carried to the deploy command.")
        String digest;

        @Override
        public Integer call() throws Exception {
            release.validate();
            DeployClient.environment("--from", from);
            DeployClient.environment("--to", to);
            return publish("promotion of " + release.service + " " + release.version + " " + from + " → " + to,
                    release.service, release.actor, envelope -> PromotionRequested.newBuilder().setEnvelope(envelope)
                            .setService(release.service).setVersion(release.version).setFromEnvironment(from).setToEnvironment(to)
                            .setRequester(release.actor).setSummary(summary).setDigest(digest).build());
        }
    }

    @Command(name = "check", mixinStandardHelpOptions = true,
            description = {"Report a check's result for a version in an environment. The latest result per kind counts."},
            exitCodeList = {"0:Orbit accepted the result", "1:Orbit refused it, or invalid arguments"})
    static final class Check extends EventCommand {
        @Mixin
        Placed release;
        @Option(names = "--kind", required = true, paramLabel = "KIND",
                description = "smoke, integration, load, security-scan or pci-compliance.")
        String kind;
        @ArgGroup(multiplicity = "1")
        Result result;
        @Option(names = "--evidence", paramLabel = "URL", description = "Link to the evidence (CI run, report); shown in the change log.")
        String evidence;

        static final class Result {
            @Option(names = "--passed", required = true, description = "The check passed.")
            boolean passed;
            @Option(names = "--failed", required = true, description = "The check failed.")
            boolean failed;
        }

        @Override
        public Integer call() throws Exception {
            release.validate();
            if (!DeploymentEvents.CHECK_KINDS.contains(kind)) {
                throw new IllegalArgumentException("--kind '" + kind + "' is not one of smoke, integration, load, security-scan, pci-compliance");
            }
            boolean passed = result.passed;
            return publish("check " + kind + " of " + release.service + " " + release.version + (passed ? " passed" : " failed"),
                    release.service, release.actor, envelope -> CheckReported.newBuilder()
                            .setEnvelope(envelope).setService(release.service).setVersion(release.version).setEnvironment(release.env)
                            .setKind(kind).setPassed(passed).setEvidence(evidence).setReporter(release.actor).build());
        }
    }

    /** Approve and revoke: same arguments. */
    abstract static class Vote extends EventCommand {
        @Mixin
        Release release;
        @Option(names = "--to", required = true, paramLabel = "ENV", description = "The promotion's target environment.")
        String to;
        @Option(names = "--role", required = true, paramLabel = "ROLE", description = "The role, e.g. devops or security.")
        String role;
        @Option(names = "--comment", paramLabel = "TEXT", description = "Why.")
        String comment;

        int vote(boolean grant, String digest) throws Exception {
            release.validate();
            DeployClient.environment("--to", to);
            DeployClient.name("--role", role);
            String what = (grant ? "approval" : "revocation") + " of " + release.service + " " + release.version + " → " + to + " by "
                    + release.actor + " (" + role + ")";
            return publish(what,
                    release.service, release.actor, envelope -> grant
                    ? ApprovalGranted.newBuilder().setEnvelope(envelope).setService(release.service).setVersion(release.version)
                            .setToEnvironment(to).setApprover(release.actor).setRole(role).setComment(comment).setDigest(digest).build()
                    : ApprovalRevoked.newBuilder().setEnvelope(envelope).setService(release.service).setVersion(release.version)
                            .setToEnvironment(to).setApprover(release.actor).setRole(role).setComment(comment).build());
        }
    }

    @Command(name = "approve", mixinStandardHelpOptions = true,
            description = {"Approve the promotion of a version to an environment in a role.",
                    "The requester's own approval and a second vote by the same person do not count (the decision says so)."},
            exitCodeList = {"0:Orbit accepted the approval", "1:Orbit refused it, or invalid arguments"})
    static final class Approve extends Vote {
        @Option(names = "--digest", paramLabel = "sha256:...",
                description = "The image digest you approve: the approval counts only while the request is for it.")
        String digest;

        @Override
        public Integer call() throws Exception {
            return vote(true, digest);
        }
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true,
            description = {"Withdraw an earlier approval: it no longer counts (a promotion not yet permitted waits again)."},
            exitCodeList = {"0:Orbit accepted the revocation", "1:Orbit refused it, or invalid arguments"})
    static final class Revoke extends Vote {
        @Override
        public Integer call() throws Exception {
            return vote(false, null);
        }
    }

    @Command(name = "complete", mixinStandardHelpOptions = true,
            description = {"Report that a version now runs in an environment (DeploymentCompleted): its soak time starts,",
                    "and what ran there before becomes the rollback target."},
            exitCodeList = {"0:Orbit accepted the event", "1:Orbit refused it, or invalid arguments"})
    static final class Complete extends EventCommand {
        @Mixin
        Placed release;

        @Override
        public Integer call() throws Exception {
            release.validate();
            return publish(release.service + " " + release.version + " running in " + release.env,
                    release.service, release.actor, envelope -> DeploymentCompleted.newBuilder().setEnvelope(envelope).setService(release.service)
                            .setVersion(release.version).setEnvironment(release.env).setReporter(release.actor).build());
        }
    }

    @Command(name = "switch", mixinStandardHelpOptions = true,
            description = {"Report a blue/green traffic switch: the policy's health watch starts. A health report above its thresholds",
                    "within the watch rolls back; a watch that ends healthy lets the old colour be retired."},
            exitCodeList = {"0:Orbit accepted the event", "1:Orbit refused it, or invalid arguments"})
    static final class Switch extends EventCommand {
        @Mixin
        Placed release;
        @Option(names = "--to-colour", required = true, paramLabel = "COLOUR", description = "blue or green: the colour now live.")
        String colour;

        @Override
        public Integer call() throws Exception {
            release.validate();
            if (!DeploymentEvents.COLOURS.contains(colour)) {
                throw new IllegalArgumentException("--to-colour '" + colour + "' is not blue or green");
            }
            return publish("traffic of " + release.service + " in " + release.env + " switched to " + colour,
                    release.service, release.actor, envelope -> TrafficSwitched.newBuilder().setEnvelope(envelope)
                            .setService(release.service).setVersion(release.version).setEnvironment(release.env).setToColour(colour)
                            .setReporter(release.actor).build());
        }
    }

    @Command(name = "health", mixinStandardHelpOptions = true,
            description = {"Report the health of a version in an environment (from that environment's monitoring)."},
            exitCodeList = {"0:Orbit accepted the report", "1:Orbit refused it, or invalid arguments"})
    static final class Health extends EventCommand {
        @Mixin
        Placed release;
        @Option(names = "--error-rate", required = true, paramLabel = "R", description = "Fraction of failed requests, 0..1.")
        double errorRate;
        @Option(names = "--p99-ms", required = true, paramLabel = "MS", description = "Latency p99 in milliseconds.")
        double p99;

        @Override
        public Integer call() throws Exception {
            release.validate();
            if (!(errorRate >= 0 && errorRate <= 1) || !(p99 >= 0)) {
                throw new IllegalArgumentException("--error-rate must be within 0..1 and --p99-ms at least 0");
            }
            return publish("health of " + release.service + " " + release.version + " in " + release.env,
                    release.service, release.actor, envelope -> HealthReported.newBuilder().setEnvelope(envelope)
                            .setService(release.service).setVersion(release.version).setEnvironment(release.env).setErrorRate(errorRate)
                            .setLatencyP99Ms(p99).setReporter(release.actor).build());
        }
    }

    @Command(name = "rollback", mixinStandardHelpOptions = true,
            description = {"Ask to roll an environment back to the version it ran before. Goes through the same gate",
                    "(the promotion policy's rollback rule); a permitted rollback issues a signed ROLLBACK deploy command."},
            exitCodeList = {"0:Orbit accepted the request", "1:Orbit refused it, or invalid arguments"})
    static final class Rollback extends EventCommand {
        @Parameters(index = "0", paramLabel = "SERVICE", description = "The service.")
        String service;
        @Option(names = "--env", required = true, paramLabel = "ENV", description = "The environment to roll back.")
        String env;
        @Option(names = "--as", required = true, paramLabel = "NAME", description = "Who asks.")
        String actor;
        @Option(names = "--reason", required = true, paramLabel = "TEXT", description = "Why; recorded in the decision.")
        String reason;

        @Override
        public Integer call() throws Exception {
            DeployClient.name("SERVICE", service);
            DeployClient.name("--as", actor);
            DeployClient.name("--reason", reason);
            DeployClient.environment("--env", env);
            return publish("rollback of " + service + " in " + env,
                    service, actor, envelope -> RollbackRequested.newBuilder().setEnvelope(envelope).setService(service).setEnvironment(env)
                            .setRequester(actor).setReason(reason).build());
        }
    }
}
