package io.govstream.ledger;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The thread of a {@link LedgerStore#tail}: calls {@link #poll} until closed. What the two stores
 * share: stopping, waiting for the thread, and reporting why it stopped on its own.
 */
abstract class TailThread implements LedgerStore.Tail {
    private final Thread thread;
    private final String name;
    private volatile boolean running = true;
    private volatile RuntimeException failure;
    private final AtomicBoolean closed = new AtomicBoolean();

    TailThread(String name) {
        this.name = name;
        this.thread = new Thread(this::run, name);
        thread.setDaemon(true); // a tail left open must not keep the JVM alive
    }

    final TailThread start() {
        thread.start();
        return this;
    }

    /** Hands over what has been stored since the last call, waiting a while if nothing has. */
    abstract void poll();

    /** Makes a {@link #poll} that waits return now. */
    abstract void wake();

    /** Frees what the tail holds, once it no longer runs. */
    void release() {
    }

    final boolean running() {
        return running;
    }

    private void run() {
        try {
            while (running) {
                poll();
            }
        } catch (RuntimeException e) {
            if (running) {
                failure = e;
            }
        } finally {
            running = false;
        }
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            running = false;
            if (Thread.currentThread() != thread) { // from its own consumer the tail is not waiting
                wake();
                join();
            }
            release();
        }
        RuntimeException failed = failure;
        if (failed != null) {
            throw new LedgerReadException(name + " stopped: " + failed.getMessage(), failed);
        }
    }

    private void join() {
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                interrupted = true; // keep waiting: once close returns nothing may be handed over
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
