package io.govstream.axon.work;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.govstream.events.DispatchCommand;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Test intent {@code flaky}: fails transiently ({@link IllegalStateException}) the first
 * {@code failures} times it is called for a command id (payload {@code {"failures": n}}), then
 * succeeds; each call takes {@code takesMs} milliseconds (payload {@code {"takesMs": n}}, default 0), as slow
 * work does, and the first call {@code firstTakesMs} (default: {@code takesMs}), as work stalled once does.
 * Records when each call happened and how often the work was really done.
 */
@Singleton
@Requires(property = "axon.test.flaky-intent", value = "true")
public class FlakyIntent implements IntentHandler {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Map<String, List<Instant>> calls = new ConcurrentHashMap<>();
    private final Map<String, Integer> done = new ConcurrentHashMap<>();

    @Override
    public String intent() {
        return "flaky";
    }

    @Override
    public String handle(DispatchCommand command) throws Exception {
        List<Instant> mine = calls.computeIfAbsent(command.getCommandId(), id -> new ArrayList<>());
        mine.add(Instant.now());
        JsonNode payload = JSON.readTree(command.getPayload());
        long takesMs = payload.path("takesMs").asLong(0);
        Thread.sleep(mine.size() == 1 ? payload.path("firstTakesMs").asLong(takesMs) : takesMs);
        int failures = payload.path("failures").asInt(0);
        if (mine.size() <= failures) {
            throw new IllegalStateException("downstream unavailable (call " + mine.size() + " of " + command.getCommandId() + ")");
        }
        done.merge(command.getCommandId(), 1, Integer::sum);
        return "{\"done\":true}";
    }

    List<Instant> calls(String commandId) {
        return List.copyOf(calls.getOrDefault(commandId, List.of()));
    }

    int timesDone(String commandId) {
        return done.getOrDefault(commandId, 0);
    }
}
