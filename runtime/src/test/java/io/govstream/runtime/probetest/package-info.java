/** Beans of the probe test, loaded only in contexts started with environment "probetest". */
@Configuration
@Requires(env = "probetest")
package io.govstream.runtime.probetest;

import io.micronaut.context.annotation.Configuration;
import io.micronaut.context.annotation.Requires;
