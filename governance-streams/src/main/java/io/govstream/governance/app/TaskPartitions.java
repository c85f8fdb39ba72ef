package io.govstream.governance.app;

import io.govstream.topology.Topic;
import io.govstream.topology.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * Checks, before governance-streams starts, that the topics whose partition p is read or written by
 * task p have the partition count the catalogue says. The topology is built for that count (the
 * copies of policies, flags and erasures go to as many partitions; chain p is written by task p), so
 * a cluster that differs would fail later and obscurely; this says what to do instead.
 */
public final class TaskPartitions {
    private static final List<Topic<?>> PER_TASK = List.of(Topics.DISPATCH_REQUESTS, Topics.LEDGER);
    /** How long the cluster may take to answer one description. */
    private static final Duration ANSWER = Duration.ofSeconds(10);

    private TaskPartitions() {
    }

    /**
     * Every problem found, each naming the topic, its partitions and the catalogue's; empty when the
     * cluster matches. A topic missing is waited for until {@code timeout} has passed.
     */
    public static List<String> problems(Admin admin, Topics topics, Duration timeout) {
        List<String> problems = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        for (Topic<?> role : PER_TASK) {
            String name = topics.name(role);
            int partitions = topics.spec(role).partitions();
            TopicDescription description = describe(admin, name, deadline);
            if (description == null) {
                problems.add(name + " does not exist: create the catalogue's topics first ('govctl topology apply')");
            } else if (description.partitions().size() != partitions) {
                problems.add(name + " has " + description.partitions().size() + " partitions, but the catalogue says " + partitions
                        + ": make the catalogue match the cluster, or the cluster the catalogue ('govctl topology plan')");
            }
        }
        return problems;
    }

    /**
     * The topic, or null if it still does not exist at the deadline: a topic created a moment ago
     * (govctl up applies the catalogue right before the services start) reaches every broker's
     * metadata shortly after.
     */
    private static TopicDescription describe(Admin admin, String name, long deadline) {
        while (true) {
            try {
                return admin.describeTopics(List.of(name)).allTopicNames().get(ANSWER.toMillis(), TimeUnit.MILLISECONDS).get(name);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                    throw new IllegalStateException("cannot describe " + name + ": " + e.getCause().getMessage(), e.getCause());
                }
                if (System.nanoTime() > deadline) {
                    return null;
                }
                pause();
            } catch (TimeoutException e) {
                throw new IllegalStateException("the cluster did not describe " + name + " within " + ANSWER.toSeconds() + " s", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while describing " + name, e);
            }
        }
    }

    private static void pause() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a topic to appear", e);
        }
    }
}
