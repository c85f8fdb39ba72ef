/**
 * Orbit, the dispatcher: takes dispatch requests over HTTP, asks governance, answers callers.
 * Its beans load only in a context started with environment {@code orbit}, so several
 * services can share one JVM ({@code govctl up}).
 */
@Configuration
@Requires(env = "orbit")
package io.govstream.orbit;

import io.micronaut.context.annotation.Configuration;
import io.micronaut.context.annotation.Requires;
