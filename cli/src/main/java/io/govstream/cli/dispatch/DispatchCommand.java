package io.govstream.cli.dispatch;

import io.govstream.cli.auth.TokenKey;
import io.govstream.cli.client.GovctlCommand;
import com.fasterxml.jackson.databind.JsonNode;
import io.govstream.cli.client.DataDirOption;
import io.govstream.cli.client.ExitCodes;
import java.io.PrintWriter;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "dispatch", mixinStandardHelpOptions = true,
        description = "Send one dispatch through Orbit and print governance's decision and the worker's result.",
        exitCodeList = {"0:permitted and completed", "1:error", "2:bad usage", "3:denied by governance",
                "4:permitted but the work failed", "5:no final answer within --wait"})
public final class DispatchCommand extends GovctlCommand {
    @Mixin
    private DataDirOption dataDir;
    @Option(names = "--orbit", paramLabel = "URL",
            description = "Orbit's base URL (default: the one 'govctl up' wrote into the data dir, else http://localhost:8080).")
    private String orbit;
    @Option(names = "--target", defaultValue = "axon", description = "Service that would act (default: ${DEFAULT-VALUE}).")
    private String target;
    @Option(names = "--intent", required = true, description = "What the target is asked to do, e.g. reason.")
    private String intent;
    @Option(names = "--subject", defaultValue = "${sys:user.name}", description = "On whose behalf (default: ${DEFAULT-VALUE}).")
    private String subject;
    @Option(names = "--tenant", defaultValue = "default", description = "Tenant (default: ${DEFAULT-VALUE}).")
    private String tenant;
    @Option(names = "--payload", defaultValue = "{}", paramLabel = "JSON", description = "Intent arguments as a JSON object.")
    private String payload;
    @Option(names = "--wait", defaultValue = "30", paramLabel = "SECONDS", description = "How long to wait for the outcome (default: ${DEFAULT-VALUE}).")
    private long waitSeconds;
    @Option(names = "--token", paramLabel = "JWT",
            description = "Bearer token for Orbit (default: $GOVCTL_TOKEN, else a dispatcher token for --subject minted from the data dir's key).")
    private String token;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        OrbitClient client = OrbitClient.of(dataDir.dataDir(), orbit, tokens());
        String id = client.dispatch(new OrbitClient.Dispatch(target, intent, subject, tenant, payload));
        out.println("dispatch " + id + " accepted; waiting for governance ...");
        out.flush();
        JsonNode view = client.await(id, Duration.ofSeconds(waitSeconds));
        out.println(describe(view));
        return switch (view.path("status").asText()) {
            case "COMPLETED" -> ExitCodes.OK;
            case "DENIED" -> ExitCodes.DENIED;
            case "FAILED" -> ExitCodes.WORK_FAILED;
            default -> ExitCodes.TIMED_OUT;
        };
    }

    /** A given token (--token or GOVCTL_TOKEN) speaks for its own subject; else one is minted from the data dir's key. */
    private TokenKey.OrbitTokens tokens() {
        String given = TokenKey.given(token);
        return given != null ? (subject, tenant) -> given : TokenKey.dispatcherTokens(dataDir.dataDir());
    }

    /** Orbit's view of a dispatch, for people. */
    private static String describe(JsonNode view) {
        StringBuilder text = new StringBuilder();
        text.append("status:   ").append(view.path("status").asText()).append('\n');
        JsonNode decision = view.path("decision");
        if (!decision.isMissingNode()) {
            text.append("decision: ").append(decision.path("effect").asText())
                    .append(" by rule ").append(decision.path("ruleId").asText())
                    .append(" of policy ").append(decision.path("policySetId").asText())
                    .append(" v").append(decision.path("policyVersion").asText())
                    .append(" (").append(decision.path("policyHash").asText()).append(")\n");
            text.append("reason:   ").append(decision.path("reason").asText()).append('\n');
        }
        JsonNode result = view.path("result");
        if (!result.isMissingNode()) {
            text.append("result:   ").append(result.path("status").asText())
                    .append(" by ").append(result.path("worker").asText()).append('\n');
            text.append("output:   ").append(result.path("output").asText()).append('\n');
            if (result.hasNonNull("error")) {
                text.append("error:    ").append(result.path("error").asText()).append('\n');
            }
        }
        return text.toString().stripTrailing();
    }
}
