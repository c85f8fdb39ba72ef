package io.govstream.cli;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;

/**
 * The class starts a platform (or broker) of its own instead of using the shared one
 * ({@link OnSharedPlatform}), for the reason given: it restarts or kills parts of it, runs it
 * differently (TLS, every logger at DEBUG), or changes what every other test on it would see
 * (the global policy set, a global flag). Keep such classes few: each costs a platform start.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Tag("private-platform")
public @interface PrivatePlatform {
    /** Why the class cannot share the platform. */
    String value();
}
