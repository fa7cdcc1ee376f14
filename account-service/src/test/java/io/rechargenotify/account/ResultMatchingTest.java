package io.rechargenotify.account;

import static io.rechargenotify.account.AccountFixtures.balance;
import static io.rechargenotify.account.AccountFixtures.openAccount;
import static io.rechargenotify.account.AccountFixtures.publish;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.rechargenotify.account.ledger.Applied;
import io.rechargenotify.account.ledger.Ledger;
import io.rechargenotify.account.ledger.LedgerSource;
import io.rechargenotify.account.ledger.PermanentFailure;
import io.rechargenotify.account.support.IsolatedWork;
import io.rechargenotify.shared.event.RechargeEventType;
import io.rechargenotify.shared.event.RechargeResultEvent;
import io.rechargenotify.shared.testing.JwtKeysResource;
import io.rechargenotify.shared.testing.KafkaBrokerResource;
import io.rechargenotify.shared.testing.PostgresDatabaseResource;
import io.rechargenotify.shared.testing.TestDatabases;
import io.rechargenotify.shared.testing.TestTokens;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A result resolves the recharge this service started only if it is that recharge's: one for another account, amount
 * or currency with the same txNo neither credits, claims the txNo nor closes the recharge – it is a permanent
 * failure for an operator – and the matching result afterwards still credits once.
 */
@QuarkusTest
@WithTestResource(JwtKeysResource.class)
@WithTestResource(KafkaBrokerResource.class)
@WithTestResource(value = PostgresDatabaseResource.class,
        initArgs = @ResourceArg(name = "database", value = AccountDb.DATABASE))
class ResultMatchingTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @Inject
    Ledger ledger;

    @Inject
    IsolatedWork isolated;

    @BeforeAll
    static void authorize() {
        TestTokens.authorizeAllCalls();
    }

    @Test
    void resultForAnotherAccountAmountOrCurrencyNeitherCreditsNorResolvesTheRecharge() throws SQLException {
        String accountNo = openAccount("CNY");
        String otherCny = openAccount("CNY");
        String otherUsd = openAccount("USD");
        UUID txNo = startRecharge(accountNo, "10.00");

        List<RechargeResultEvent> strangers = List.of(
                result(RechargeEventType.RechargeSucceeded, txNo, otherCny, "10.00", "CNY"),
                result(RechargeEventType.RechargeSucceeded, txNo, accountNo, "11.00", "CNY"),
                result(RechargeEventType.RechargeSucceeded, txNo, otherUsd, "10.00", "USD"),
                result(RechargeEventType.RechargeFailed, txNo, otherCny, "10.00", "CNY"),
                result(RechargeEventType.RechargeFailed, txNo, accountNo, "10.00", "USD"));
        for (RechargeResultEvent stranger : strangers) {
            assertThatThrownBy(() -> apply(stranger))
                    .isInstanceOf(PermanentFailure.class)
                    .hasMessageContaining("does not match the recharge account " + accountNo + " started");
        }

        assertThat(balance(accountNo)).isEqualByComparingTo("0.00");
        assertThat(balance(otherCny)).isEqualByComparingTo("0.00");
        assertThat(balance(otherUsd)).isEqualByComparingTo("0.00");
        assertThat(status(accountNo, txNo)).isEqualTo("PENDING");
        assertThat(claims(txNo)).isZero();

        RechargeResultEvent matching = result(RechargeEventType.RechargeSucceeded, txNo, accountNo, "10.00", "CNY");
        assertThat(apply(matching)).isEqualTo(Applied.CREDITED);
        assertThat(apply(matching)).isEqualTo(Applied.DUPLICATE);
        assertThat(balance(accountNo)).isEqualByComparingTo("10.00");
        assertThat(status(accountNo, txNo)).isEqualTo("SUCCEEDED");
    }

    @Test
    void mismatchingNotificationIsDeadLetteredWithItsReasonAndTheMatchingOneCredits() throws SQLException {
        String accountNo = openAccount("CNY");
        String otherAccount = openAccount("CNY");
        UUID txNo = startRecharge(accountNo, "25.00");

        publish(result(RechargeEventType.RechargeSucceeded, txNo, otherAccount, "25.00", "CNY"));
        Map<String, Object> letter = Awaitility.await().atMost(TIMEOUT).until(() -> deadLetters(otherAccount),
                letters -> !letters.isEmpty()).get(0);
        assertThat(letter.get("txNo")).isEqualTo(txNo.toString());
        assertThat(letter.get("errorClass")).isEqualTo("permanent");
        assertThat((String) letter.get("lastError"))
                .contains("does not match the recharge account " + accountNo + " started");
        assertThat(balance(otherAccount)).isEqualByComparingTo("0.00");
        assertThat(status(accountNo, txNo)).isEqualTo("PENDING");

        publish(result(RechargeEventType.RechargeSucceeded, txNo, accountNo, "25.00", "CNY"));
        Awaitility.await().atMost(TIMEOUT)
                .untilAsserted(() -> assertThat(balance(accountNo)).isEqualByComparingTo("25.00"));
        assertThat(status(accountNo, txNo)).isEqualTo("SUCCEEDED");
    }

    private Applied apply(RechargeResultEvent event) {
        return isolated.await(() -> ledger.apply(event, LedgerSource.NOTIFICATION), TIMEOUT);
    }

    /** Recorded PENDING here; recharge-service is unreachable in these tests, so nothing resolves it meanwhile. */
    private static UUID startRecharge(String accountNo, String amount) {
        return UUID.fromString(given().contentType(ContentType.JSON).body("{\"amount\":\"" + amount + "\"}")
                .post("/accounts/" + accountNo + "/recharges")
                .then().statusCode(202).extract().path("txNo"));
    }

    private static RechargeResultEvent result(RechargeEventType type, UUID txNo, String accountNo, String amount,
            String currency) {
        return RechargeResultEvent.of(type, txNo, accountNo, new BigDecimal(amount), currency, Instant.now());
    }

    private static List<Map<String, Object>> deadLetters(String accountNo) {
        return given().get("/dead-letters?accountNo=" + accountNo).then().statusCode(200).extract().jsonPath()
                .getList("items");
    }

    private static String status(String accountNo, UUID txNo) {
        return given().get("/accounts/" + accountNo + "/recharges/" + txNo).then().statusCode(200).extract()
                .path("status");
    }

    private static int claims(UUID txNo) throws SQLException {
        try (Connection db = TestDatabases.connect(AccountDb.DATABASE);
                PreparedStatement sql = db.prepareStatement(
                        "SELECT count(*) FROM processed_recharge WHERE tx_no = ?")) {
            sql.setObject(1, txNo);
            try (ResultSet rows = sql.executeQuery()) {
                rows.next();
                return rows.getInt(1);
            }
        }
    }
}
