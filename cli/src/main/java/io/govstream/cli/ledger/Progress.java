package io.govstream.cli.ledger;

import java.io.PrintWriter;

/**
 * Progress of a long replay with entries/s: one line rewritten in place (carriage return) on a
 * terminal, a plain line at most once a second otherwise (logs and pipes stay readable).
 */
public final class Progress {
    private final PrintWriter out;
    private final long started;
    private final boolean tty;
    private final long everyNanos;
    private long lastPrint;
    private boolean printed;

    /** From now, rewriting its line in place when this process has a console. */
    public Progress(PrintWriter out) {
        this.out = out;
        this.started = System.nanoTime();
        this.tty = System.console() != null;
        this.everyNanos = tty ? 200_000_000L : 1_000_000_000L;
        this.lastPrint = started;
    }

    public void update(long count) {
        long now = System.nanoTime();
        if (now - lastPrint < everyNanos) {
            return;
        }
        lastPrint = now;
        String line = String.format("  %,d entries read (%,.0f entries/s)", count, count / ((now - started) / 1e9));
        if (tty) {
            out.print("\r" + line);
            printed = true;
        } else {
            out.println(line);
        }
        out.flush();
    }

    /** Ends the progress line; returns the seconds since this progress started. */
    public double done() {
        if (tty && printed) {
            out.println();
            out.flush();
        }
        return (System.nanoTime() - started) / 1e9;
    }
}
