package io.govstream.cli.client;

/** govctl's exit codes, documented in each command's help. */
public final class ExitCodes {
    public static final int OK = 0;
    /** The command failed; the message says why. */
    public static final int FAILURE = 1;
    /** Bad usage (picocli's own code for unknown options and missing parameters). */
    public static final int USAGE = 2;
    /** A dispatch was denied by governance. */
    public static final int DENIED = 3;
    /** A permitted dispatch failed in the worker. */
    public static final int WORK_FAILED = 4;
    /** No final answer within the wait bound. */
    public static final int TIMED_OUT = 5;
    /** The ledger failed verification. */
    public static final int LEDGER_INVALID = 6;

    private ExitCodes() {
    }
}
