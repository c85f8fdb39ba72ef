/**
 * The local Confluent-compatible schema registry: the Confluent REST API over a compacted
 * {@code _schemas} topic. Its beans load only in an application context started with the
 * {@code registry} environment, so it can share a JVM with the other services.
 */
@Configuration
@Requires(env = "registry")
package io.govstream.registry;

import io.micronaut.context.annotation.Configuration;
import io.micronaut.context.annotation.Requires;
