package io.govstream.governance.clock;

import java.time.Duration;
import java.time.Instant;

/**
 * The clock of a task's timers. Events are dated by the broker that appended them (the input
 * topics use {@code LogAppendTime}, and routing keeps a record's timestamp); deadlines by the task's
 * wall clock. An event counts against a deadline if it was appended by the deadline plus
 * {@link #ALLOWED_SKEW}, however late it is read; a timer fires once the deadline plus the skew lies
 * before everything the task has read ({@link #readUpTo}): the wall clock once the input has been
 * idle for {@link #IDLE}, else the stream time less {@link #REORDER_GRACE}. So a timer fires with no
 * traffic at all, and never ahead of an in-time event still waiting in a backlog (after an outage,
 * say). One instance per processor; sample it from its wall-clock punctuation.
 */
public final class InputClock {
    /** The bounded skew allowed between the broker's clock, which dates events, and the task's, which sets deadlines. */
    public static final Duration ALLOWED_SKEW = Duration.ofSeconds(2);
    /** How long the stream time must stand still before the task counts as having read all its input. */
    public static final Duration IDLE = Duration.ofSeconds(5);
    /**
     * How far out of timestamp order records may reach a task while they flow: routed records cross
     * repartition topics written by different tasks, so a later one can overtake an earlier one by
     * about a commit interval.
     */
    public static final Duration REORDER_GRACE = Duration.ofSeconds(5);

    private long lastStreamTime = Long.MIN_VALUE;
    private Instant streamTimeMovedAt;

    /** @param start the task's wall clock when the processor starts: until the input was idle for {@link #IDLE}, it is not */
    public InputClock(Instant start) {
        this.streamTimeMovedAt = start;
    }

    /** Whether an event appended at {@code appendedAt} counts against {@code deadline}. */
    public static boolean inTime(Instant appendedAt, Instant deadline) {
        return !appendedAt.isAfter(deadline.plus(ALLOWED_SKEW));
    }

    /**
     * What the task has read everything up to, at wall-clock {@code now} with stream time
     * {@code streamTimeMs} (-1 when unknown). Call once per sweep.
     */
    public Instant readUpTo(long streamTimeMs, Instant now) {
        if (streamTimeMs != lastStreamTime) {
            lastStreamTime = streamTimeMs;
            streamTimeMovedAt = now;
        }
        if (!now.isBefore(streamTimeMovedAt.plus(IDLE))) {
            return now;
        }
        return Instant.ofEpochMilli(Math.min(streamTimeMs, now.toEpochMilli())).minus(REORDER_GRACE);
    }

    /** Whether a timer for {@code deadline} may fire, given what the task has read. */
    public static boolean passed(Instant deadline, Instant readUpTo) {
        return deadline.plus(ALLOWED_SKEW).isBefore(readUpTo);
    }
}
