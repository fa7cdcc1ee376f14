package io.rechargenotify.account.api;

import io.rechargenotify.account.recharge.AccountRecharge;
import io.rechargenotify.account.recharge.AccountRechargeRepository;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.QueryParam;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

/**
 * The paging parameters of the recharge listings (one account's, or every account's of one status): the cursor
 * ({@code next} of the previous page, {@code <createdAt>_<txNo>}) and the page size, checked like {@link PageParams}.
 */
public class RechargePageParams {

    @QueryParam("after")
    @Pattern(regexp = AccountRechargeView.Page.CURSOR_PATTERN, message = AccountRechargeView.Page.CURSOR_MESSAGE)
    @Parameter(description = "The next of the previous page")
    String after;

    @QueryParam("limit")
    @DefaultValue("100")
    @Pattern(regexp = PageParams.LIMIT_PATTERN, message = PageParams.LIMIT_MESSAGE)
    @Parameter(schema = @Schema(type = SchemaType.INTEGER, format = "int32", minimum = "1", maximum = "1000",
            defaultValue = "100"))
    String limit;

    /** Where the page starts: after the recharge the cursor names, else at the first. */
    Optional<AccountRechargeRepository.Position> position() {
        return Optional.ofNullable(after).map(AccountRechargeView.Page::position);
    }

    int size() {
        return Integer.parseInt(limit);
    }

    /** The recharges read for this page as the page answered, with the next cursor if the page is full. */
    AccountRechargeView.Page of(List<AccountRecharge> recharges) {
        return AccountRechargeView.Page.of(recharges, size());
    }
}
