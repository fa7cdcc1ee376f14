package io.rechargenotify.callback.api;

import io.rechargenotify.shared.event.RechargeEventType;
import io.rechargenotify.shared.value.AccountNumbers;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The body of {@code POST /endpoints} and {@code PATCH /endpoints/{id}}: a receiver's URL and filters. On PATCH an
 * absent field is left unchanged, {@code []} clears a filter (everything again) and {@code ""} the description.
 *
 * @param accountNos only results of these accounts; absent or empty: all
 * @param eventTypes only these types; absent or empty: all
 */
public record EndpointRequest(
        @Schema(format = "uri", description = "Required to register: an absolute https URL (http only where the"
                + " deployment allows it) without user info or fragment, whose host resolves to public addresses")
        @Size(max = 2048) String url,
        @Size(max = 1000) List<@NotNull @Pattern(regexp = AccountNumbers.PATTERN,
                message = AccountNumbers.MESSAGE) String> accountNos,
        @Size(max = 10) List<@NotNull RechargeEventType> eventTypes,
        @Size(max = 500) String description) {

    List<String> eventTypeNames() {
        return eventTypes == null ? null : eventTypes.stream().map(Enum::name).toList();
    }
}
