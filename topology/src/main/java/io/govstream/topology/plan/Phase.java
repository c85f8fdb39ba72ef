package io.govstream.topology.plan;

/** The order actions run in: nothing is updated or deleted before everything new exists. */
public enum Phase {
    CREATE,
    UPDATE,
    DELETE
}
