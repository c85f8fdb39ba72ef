/**
 * The governance-streams process: runs the governance topology with health and metrics over
 * HTTP. Its beans load only in a context started with environment {@code governance}.
 */
@Configuration
@Requires(env = "governance")
package io.govstream.governance.app;

import io.micronaut.context.annotation.Configuration;
import io.micronaut.context.annotation.Requires;
