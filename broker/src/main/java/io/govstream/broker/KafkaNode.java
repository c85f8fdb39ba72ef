package io.govstream.broker;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The main class of one node of a {@link KafkaCluster}, in a process of its own. Arguments:
 * {@code <dataDir> <nodeId> <port>:<controllerPort>,... <tls> <parentPid>}, the ports of every
 * node in node order. It reads its passwords from the data dir's {@code secrets/}, never from the
 * command line. SIGTERM shuts it down cleanly; so does the exit of the process that started it,
 * so no node outlives its cluster's owner.
 */
public final class KafkaNode {

    private KafkaNode() {
    }

    public static void main(String[] args) throws InterruptedException {
        if (args.length != 5) {
            System.err.println("usage: KafkaNode <dataDir> <nodeId> <port>:<controllerPort>,... <tls> <parentPid>");
            System.exit(2);
        }
        int nodeId = Integer.parseInt(args[1]);
        EmbeddedKafka node = EmbeddedKafka.startNode(settings(Path.of(args[0]), args[2], Boolean.parseBoolean(args[3])), nodeId);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            node.close();
            stopped.countDown();
        }, "kafka-node-shutdown"));
        ProcessHandle.of(Long.parseLong(args[4])).ifPresentOrElse(
                parent -> parent.onExit().thenRun(() -> System.exit(0)),
                () -> System.exit(0));
        stopped.await();
    }

    /** Arguments for node {@code nodeId} of the cluster {@code settings} describes, started by this process. */
    static List<String> arguments(BrokerSettings settings, int nodeId) {
        String ports = IntStream.rangeClosed(1, settings.nodes()).mapToObj(n -> settings.port(n) + ":" + settings.controllerPort(n))
                .collect(Collectors.joining(","));
        return List.of(settings.dataDir().toString(), String.valueOf(nodeId), ports,
                String.valueOf(settings.tls()), String.valueOf(ProcessHandle.current().pid()));
    }

    static BrokerSettings settings(Path dataDir, String ports, boolean tls) {
        List<BrokerSettings.Peer> nodes = Arrays.stream(ports.split(",")).map(node -> node.split(":"))
                .map(pair -> new BrokerSettings.Peer(Integer.parseInt(pair[0]), Integer.parseInt(pair[1]))).toList();
        return new BrokerSettings(dataDir, nodes.get(0).port(), nodes.get(0).controllerPort(), tls,
                nodes.subList(1, nodes.size()));
    }
}
