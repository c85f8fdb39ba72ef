package io.govstream.governance.deployment;

import io.govstream.events.deployment.DeployCommand;
import io.govstream.events.deployment.DeploymentEvent;
import io.govstream.policy.PolicyLoader;
import io.govstream.policy.PolicySource;
import io.govstream.schemas.registry.SchemaRegistryClient;
import io.govstream.schemas.serde.AvroSerde;
import io.govstream.runtime.commands.CommandSeal;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.function.UnaryOperator;
import org.apache.kafka.common.serialization.Serde;

/**
 * What the deployment gate needs besides the governance topology's own topics: its two topics by
 * role, their serdes, the promotion policy used while none is published, how deploy commands are
 * signed, and how often open gates are re-evaluated without an event.
 *
 * @param deployments       the deployments topic, keyed by service, co-partitioned with the dispatch requests
 * @param promotionPolicies the promotion set in force while none is published (the shipped default)
 * @param sealCommands      signs each permitted deploy command, as Axon's commands are signed
 * @param sweepEvery        wall-clock period of the soak, freeze and watch timers
 * @param commandTtl        how long a signed deploy command is valid ({@code governance.commands.ttl}): a PERMIT allows a
 *                          completion only that long
 */
public record DeploymentWiring(String deployments, String deployCommands, Serde<DeploymentEvent> events, Serde<DeployCommand> commands,
                               PolicySource promotionPolicies, UnaryOperator<DeployCommand> sealCommands, Duration sweepEvery,
                               Duration commandTtl) {
    public static final Duration DEFAULT_SWEEP = Duration.ofSeconds(1);
    /** How long a PERMIT allows its completion while deploy commands are not signed ({@link #signedBy} takes the signer's TTL). */
    public static final Duration DEFAULT_COMMAND_TTL = Duration.ofHours(1);

    public DeploymentWiring {
        Objects.requireNonNull(deployments, "deployments");
        Objects.requireNonNull(deployCommands, "deployCommands");
        Objects.requireNonNull(events, "events");
        Objects.requireNonNull(commands, "commands");
        Objects.requireNonNull(promotionPolicies, "promotionPolicies");
        Objects.requireNonNull(sealCommands, "sealCommands");
        Objects.requireNonNull(sweepEvery, "sweepEvery");
        Objects.requireNonNull(commandTtl, "commandTtl");
    }

    /** Registry-backed Avro serdes, the shipped promotion policy, unsigned commands, a one-second timer. */
    public static DeploymentWiring of(String deployments, String deployCommands, SchemaRegistryClient registry) {
        return new DeploymentWiring(deployments, deployCommands, AvroSerde.forValue(DeploymentEvent.class, registry),
                AvroSerde.forValue(DeployCommand.class, registry),
                PolicySource.fixed(PolicyLoader.loadResource(PolicyLoader.DEFAULT_PROMOTION_RESOURCE)), UnaryOperator.identity(),
                DEFAULT_SWEEP, DEFAULT_COMMAND_TTL);
    }

    /** The same, with deploy commands signed by {@code seal}, and PERMITs allowing a completion for {@code ttl} (the TTL they are signed with). */
    public DeploymentWiring sealedWith(UnaryOperator<DeployCommand> seal, Duration ttl) {
        return new DeploymentWiring(deployments, deployCommands, events, commands, promotionPolicies, seal, sweepEvery, ttl);
    }

    /**
     * The same, with deploy commands signed by {@code signer} at the time they leave (the command-signing key Axon's commands use),
     * and PERMITs allowing a completion as long as its commands are valid.
     */
    public DeploymentWiring signedBy(CommandSeal.Signer signer) {
        return sealedWith(command -> signer.sign(command, Instant.now()), signer.ttl());
    }
}
