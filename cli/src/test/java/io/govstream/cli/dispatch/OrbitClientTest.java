package io.govstream.cli.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What govctl makes of Orbit's answers, against a stand-in for Orbit that answers what the test says. */
class OrbitClientTest {
    private HttpServer orbit;

    @AfterEach
    void stop() {
        if (orbit != null) {
            orbit.stop(0);
        }
    }

    @Test
    void givenOrbitAcceptsADispatchWithoutACorrelationId_thenTheDispatchFailsNamingTheAnswer() throws Exception {
        OrbitClient client = orbitAnswering(202, "accepted, see you");

        assertThatThrownBy(() -> client.dispatch(new OrbitClient.Dispatch("axon", "reason", "alice", "acme", "{}")))
                .isInstanceOf(IOException.class)
                .hasMessage("Orbit accepted the dispatch but its answer has no correlationId: accepted, see you");
    }

    @Test
    void givenOrbitAcceptsAVoteWithoutAnEventId_thenTheVoteFailsNamingTheAnswer() throws Exception {
        OrbitClient client = orbitAnswering(202, "{\"status\":\"ok\"}");

        assertThatThrownBy(() -> client.vote("corr-1", true, "approver", null, "token"))
                .isInstanceOf(IOException.class)
                .hasMessage("Orbit accepted the vote but its answer has no eventId: {\"status\":\"ok\"}");
    }

    @Test
    void givenOrbitRefuses_thenTheErrorItNamesIsReported_andAnAnswerThatIsNoJsonAsItIs() throws Exception {
        assertThatThrownBy(() -> orbitAnswering(403, "{\"error\":\"tenant acme is not yours\"}")
                .dispatch(new OrbitClient.Dispatch("axon", "reason", "alice", "acme", "{}")))
                .hasMessage("Orbit refused the dispatch (403): tenant acme is not yours");
        stop();
        assertThatThrownBy(() -> orbitAnswering(502, "Bad Gateway").vote("corr-1", false, "approver", null, "token"))
                .hasMessage("Orbit refused the vote (502): Bad Gateway");
    }

    @Test
    void givenOrbitAccepts_thenTheIdsOfItsAnswerAreReturned() throws Exception {
        assertThat(orbitAnswering(202, "{\"correlationId\":\"corr-7\"}")
                .dispatch(new OrbitClient.Dispatch("axon", "reason", "alice", "acme", "{}"))).isEqualTo("corr-7");
    }

    /** A client of an Orbit that answers every request with {@code status} and {@code body}. */
    private OrbitClient orbitAnswering(int status, String body) throws IOException {
        orbit = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        orbit.createContext("/", exchange -> {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        orbit.start();
        return new OrbitClient("http://localhost:" + orbit.getAddress().getPort(), (subject, tenant) -> "token-of-" + subject, null);
    }
}
