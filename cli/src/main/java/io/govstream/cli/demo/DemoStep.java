package io.govstream.cli.demo;

import io.govstream.cli.dispatch.OrbitClient;

/** One scripted dispatch of the demo and the outcome the shipped policy must give it. */
record DemoStep(String story, OrbitClient.Dispatch dispatch, String expectedStatus) {

    static DemoStep of(String story, String tenant, String subject, String target, String intent, String payload,
                       String expectedStatus) {
        return new DemoStep(story, new OrbitClient.Dispatch(target, intent, subject, tenant, payload), expectedStatus);
    }
}
