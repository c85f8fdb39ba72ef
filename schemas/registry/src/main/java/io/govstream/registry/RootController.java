package io.govstream.registry;

import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Produces;
import java.util.Map;

/** The root answers {} so that clients can probe the registry; the mode is always READWRITE. */
@Controller
@Produces({MediaTypes.V1, MediaTypes.GENERIC, MediaTypes.JSON})
final class RootController {

    @Get
    Map<String, Object> root() {
        return Map.of();
    }

    @Get("/mode")
    Dto.ModeResponse mode() {
        return new Dto.ModeResponse("READWRITE");
    }
}
