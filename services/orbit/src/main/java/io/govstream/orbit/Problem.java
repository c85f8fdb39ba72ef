package io.govstream.orbit;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/** A client error, naming the field at fault when there is one. */
@Serdeable
public record Problem(String error, @Nullable String field) {
}
