package io.govstream.governance.clock;

import java.time.Duration;
import org.apache.kafka.streams.processor.Cancellable;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.Punctuator;
import org.apache.kafka.streams.processor.api.ProcessorContext;

/**
 * A processor's wall-clock punctuation, scheduled only while a timer of its task is open. Kafka Streams
 * commits a task after each punctuation whether or not it changed anything, and under exactly-once a
 * commit is a transaction: sweeps scheduled for good had an idle {@code govctl up} commit about 2.5
 * transactions a second. Armed at the task's start and when a timer opens, disarmed by the sweep that
 * finds none open, an idle task commits nothing. The task's {@link InputClock} is sampled by the sweeps
 * only, so after a pause a timer may fire up to {@link InputClock#IDLE} later than it would have; never
 * earlier.
 */
public final class WallClockSweep {
    private final ProcessorContext<?, ?> context;
    private final Duration every;
    private final Punctuator sweep;
    private Cancellable scheduled;

    public WallClockSweep(ProcessorContext<?, ?> context, Duration every, Punctuator sweep) {
        this.context = context;
        this.every = every;
        this.sweep = sweep;
    }

    /** Schedules the sweep every {@code every}, unless it is scheduled. */
    public void arm() {
        if (scheduled == null) {
            scheduled = context.schedule(every, PunctuationType.WALL_CLOCK_TIME, sweep);
        }
    }

    /** Arms the sweep if {@code open}, else cancels it: called with whether any timer is still open. */
    public void keep(boolean open) {
        if (open) {
            arm();
        } else if (scheduled != null) {
            scheduled.cancel();
            scheduled = null;
        }
    }
}
