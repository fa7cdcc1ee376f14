package io.rechargenotify.account.rechargeapi;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/** A page of {@code GET /recharges}; {@code next} is null on the last page. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record RemoteRechargePage(List<RemoteRecharge> items, String next) {
}
