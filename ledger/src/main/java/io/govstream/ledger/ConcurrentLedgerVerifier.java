package io.govstream.ledger;

import io.govstream.ledger.merkle.MerkleFrontier;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.avro.generic.IndexedRecord;

/**
 * Verifies the partitions of a ledger on several threads. Each partition's chain and Merkle tree
 * are independent of the others, so each partition gets its own {@link LedgerVerifier}, fed its
 * batches in order on whichever thread is free (never two batches of one partition at once); the
 * thread that reads the ledger only hands batches over. The per-record work is exactly the
 * sequential verifier's, and so is the verdict: per partition the same problems in the same order.
 *
 * <p>The report lists problems the observer found before reading (checkpoint signatures), then
 * each partition's problems in read order, partitions in ascending order, then what the observer
 * found at the end. A shared {@link ChainObserver} is called under a lock, told before each call
 * where that partition's problems go.
 *
 * <p>Use from one thread: {@link #resumeFrom} and {@link #accept} while reading, then
 * {@link #report()} once, then {@link #close()}.
 */
public final class ConcurrentLedgerVerifier implements AutoCloseable {
    /** Batches handed over but not yet verified, per thread: bounds memory when reading outruns verifying. */
    private static final int BATCHES_AHEAD_PER_THREAD = 4;

    private final ExecutorService pool;
    private final ThreadLocal<Function<byte[], ? extends IndexedRecord>> decoders;
    private final ChainObserver shared;
    private final Object observerLock = new Object();
    private final List<Problem> foundBefore = new ArrayList<>();
    private final Map<Integer, Lane> lanes = new TreeMap<>();
    private final Semaphore ahead;
    private volatile Throwable failure;
    private VerificationReport report;

    /** One partition: its verifier and the last batch handed to it. */
    private final class Lane {
        final LedgerVerifier verifier;
        CompletableFuture<Void> tail = CompletableFuture.completedFuture(null);

        Lane() {
            ChainObserver observer = shared == ChainObserver.NONE ? ChainObserver.NONE : new LaneObserver();
            this.verifier = new LedgerVerifier(value -> decoders.get().apply(value), observer);
        }
    }

    /** What a partition's verifier sees of the shared observer. */
    private final class LaneObserver implements ChainObserver {
        private Consumer<Problem> sink;

        @Override
        public void attach(Consumer<Problem> problems) {
            this.sink = problems;
        }

        @Override
        public void appended(int partition, long offset, long sequence, byte[] entryHash, MerkleFrontier frontier,
                             Instant appendedAt) {
            synchronized (observerLock) {
                shared.attach(sink);
                shared.appended(partition, offset, sequence, entryHash, frontier, appendedAt);
            }
        }

        // finished: told once by report(), with every partition, not by each partition's verifier
    }

    /**
     * @param threads  verification threads (at least 1)
     * @param decoders makes one decoder per thread (a reusing decoder is not thread-safe)
     * @param observer hears every partition's entries (one call at a time) and, once, the end
     */
    public ConcurrentLedgerVerifier(int threads, Supplier<? extends Function<byte[], ? extends IndexedRecord>> decoders,
                                    ChainObserver observer) {
        if (threads < 1) {
            throw new IllegalArgumentException("verification needs at least 1 thread, not " + threads);
        }
        Objects.requireNonNull(decoders, "decoders");
        this.shared = Objects.requireNonNull(observer, "observer");
        this.decoders = ThreadLocal.withInitial(decoders);
        this.ahead = new Semaphore(threads * BATCHES_AHEAD_PER_THREAD);
        AtomicInteger number = new AtomicInteger();
        this.pool = Executors.newFixedThreadPool(threads, task -> {
            Thread thread = new Thread(task, "ledger-verify-" + number.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        synchronized (observerLock) {
            shared.attach(foundBefore::add);
        }
    }

    /** The default number of verification threads: one per core. */
    public static int defaultThreads() {
        return Runtime.getRuntime().availableProcessors();
    }

    /** As {@link LedgerVerifier#resumeFrom}; before any batch of that partition. */
    public void resumeFrom(LedgerHead head) {
        lane(head.partition()).verifier.resumeFrom(head);
    }

    /**
     * Hands over the next records of one partition, in offset order; returns once a thread will
     * take them (waiting while too many batches are ahead of verification).
     */
    public void accept(List<LedgerRecord> batch) {
        if (report != null) {
            throw new IllegalStateException("the verification is over: report() was called");
        }
        if (batch.isEmpty()) {
            return;
        }
        int partition = batch.get(0).partition();
        for (LedgerRecord record : batch) {
            if (record.partition() != partition) {
                throw new IllegalArgumentException("a batch holds records of one partition, not " + partition + " and " + record.partition());
            }
        }
        rethrowFailure();
        try {
            while (!ahead.tryAcquire(100, TimeUnit.MILLISECONDS)) {
                rethrowFailure();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LedgerReadException("interrupted while verifying the ledger");
        }
        Lane lane = lane(partition);
        lane.tail = lane.tail.thenRunAsync(() -> batch.forEach(lane.verifier::accept), pool)
                .whenComplete((done, error) -> {
                    ahead.release();
                    if (error != null && failure == null) {
                        failure = error instanceof CompletionException c && c.getCause() != null ? c.getCause() : error;
                    }
                });
    }

    /** Waits for every batch handed over, then reports all partitions; the observer hears the end once. */
    public VerificationReport report() {
        if (report != null) {
            return report;
        }
        try {
            CompletableFuture.allOf(lanes.values().stream().map(l -> l.tail).toArray(CompletableFuture[]::new)).join();
        } catch (CompletionException e) {
            rethrowFailure();
            throw e;
        }
        TreeMap<Integer, PartitionSummary> partitions = new TreeMap<>();
        List<Problem> problems = new ArrayList<>(foundBefore);
        for (Lane lane : lanes.values()) { // ascending partitions
            VerificationReport partial = lane.verifier.report();
            partitions.putAll(partial.partitions());
            problems.addAll(partial.problems());
        }
        synchronized (observerLock) {
            shared.attach(problems::add);
            shared.finished(partitions);
        }
        report = new VerificationReport(partitions, problems);
        return report;
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }

    private Lane lane(int partition) {
        return lanes.computeIfAbsent(partition, p -> new Lane());
    }

    private void rethrowFailure() {
        Throwable error = failure;
        if (error instanceof RuntimeException e) {
            throw e;
        }
        if (error instanceof Error e) {
            throw e;
        }
        if (error != null) {
            throw new IllegalStateException("ledger verification failed: " + error, error);
        }
    }
}
