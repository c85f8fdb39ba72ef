package io.govstream.broker;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/**
 * Checks ports before Kafka binds them: Kafka's own bind failure surfaces deep inside start-up,
 * after threads have started, with a message that does not say which setting to change.
 */
final class PortCheck {

    private PortCheck() {
    }

    static void requireFree(int port, String what) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        } catch (IOException e) {
            throw new BrokerStartException("Cannot start Kafka: " + what + " port " + port
                    + " on localhost is already in use (" + e.getMessage() + ")", e);
        }
    }
}
