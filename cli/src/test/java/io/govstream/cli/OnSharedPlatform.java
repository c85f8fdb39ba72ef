package io.govstream.cli;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The class's tests run on the test JVM's one shared embedded platform, which they get as an
 * {@link io.govstream.cli.platform.EmbeddedPlatform} parameter; see {@link SharedPlatformExtension}
 * for what that asks of them. The other way is {@link PrivatePlatform}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Tag("shared-platform")
@ExtendWith(SharedPlatformExtension.class)
public @interface OnSharedPlatform {
}
