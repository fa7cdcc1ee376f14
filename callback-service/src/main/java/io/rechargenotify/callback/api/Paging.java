package io.rechargenotify.callback.api;

import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.QueryParam;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

/**
 * The query parameters of every keyset listing ({@code @BeanParam @Valid}): {@code after}, the {@code next} of the
 * previous page (an id), and {@code limit}, 1 to 200 (default 50). Taken as text, not UUID and int: a bad value is a
 * 400 like any bad value, not the 404 of a failed conversion.
 */
public class Paging {

    private static final String DEFAULT_LIMIT = "50";

    @QueryParam("after")
    @Pattern(regexp = "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}",
            message = "is the next of the previous page")
    @Parameter(description = "The next of the previous page", schema = @Schema(type = SchemaType.STRING,
            format = "uuid"))
    String after;

    @QueryParam("limit")
    @DefaultValue(DEFAULT_LIMIT)
    @Pattern(regexp = "[1-9][0-9]?|1[0-9][0-9]|200", message = "is a whole number from 1 to 200")
    @Parameter(schema = @Schema(type = SchemaType.INTEGER, minimum = "1", maximum = "200",
            defaultValue = DEFAULT_LIMIT))
    String limit;

    /** The id the page starts after, null for the first page. */
    UUID after() {
        return after == null ? null : UUID.fromString(after);
    }

    /** How many items a page holds at most. */
    int size() {
        return Integer.parseInt(limit);
    }
}
