package io.govstream.axon.work;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.govstream.events.DispatchCommand;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;

/**
 * Intent {@code reason}: a heartbeat. Answers with the worker's identity and the command's
 * timing: how long it took from the request to the worker, and the work itself.
 */
@Singleton
public class ReasonIntent implements IntentHandler {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final String worker;

    public ReasonIntent(AxonSettings settings) {
        this.worker = settings.workerId();
    }

    @Override
    public String intent() {
        return "reason";
    }

    @Override
    public String handle(DispatchCommand command) {
        long started = System.nanoTime();
        Instant now = Instant.now();
        ObjectNode out = JSON.createObjectNode();
        out.put("heartbeat", "ok");
        out.put("worker", worker);
        out.put("requestedAt", command.getEnvelope().getOccurredAt().toString());
        out.put("receivedAt", now.toString());
        out.put("requestToWorkerMs", Duration.between(command.getEnvelope().getOccurredAt(), now).toMillis());
        out.put("workMicros", (System.nanoTime() - started) / 1_000);
        return out.toString();
    }
}
