/**
 * Axon, the worker: acts only on permitted commands from the commands topic and reports
 * results. Its beans load only in a context started with environment {@code axon}.
 */
@Configuration
@Requires(env = "axon")
package io.govstream.axon;

import io.micronaut.context.annotation.Configuration;
import io.micronaut.context.annotation.Requires;
