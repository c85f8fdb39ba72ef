package io.govstream.axon.work;

import io.govstream.events.DispatchCommand;

/** Does the work of one intent. One class per intent. */
public interface IntentHandler {

    /** The intent this handler does, e.g. {@code reason}. */
    String intent();

    /** Does the work and returns its output as a JSON document; throws if the work failed. */
    String handle(DispatchCommand command) throws Exception;
}
