package io.rechargenotify.account;

import static io.rechargenotify.account.AccountFixtures.balance;
import static io.rechargenotify.account.AccountFixtures.openAccount;
import static io.rechargenotify.account.AccountFixtures.succeeded;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.rechargenotify.account.ledger.Applied;
import io.rechargenotify.account.ledger.Ledger;
import io.rechargenotify.account.ledger.LedgerSource;
import io.rechargenotify.account.support.IsolatedWork;
import io.rechargenotify.shared.event.RechargeResultEvent;
import io.rechargenotify.shared.testing.JwtKeysResource;
import io.rechargenotify.shared.testing.KafkaBrokerResource;
import io.rechargenotify.shared.testing.PostgresDatabaseResource;
import io.rechargenotify.shared.testing.TestTokens;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Deduplication under real concurrency: many transactions race to apply one result. */
@QuarkusTest
@WithTestResource(JwtKeysResource.class)
@WithTestResource(KafkaBrokerResource.class)
@WithTestResource(value = PostgresDatabaseResource.class,
        initArgs = @ResourceArg(name = "database", value = AccountDb.DATABASE))
class LedgerConcurrencyTest {

    @BeforeAll
    static void authorize() {
        TestTokens.authorizeAllCalls();
    }

    @Inject
    Ledger ledger;

    @Inject
    IsolatedWork isolated;

    @Test
    void sameEventDeliveredTwentyTimesConcurrentlyCreditsOnce() throws Exception {
        String accountNo = openAccount("CNY");
        RechargeResultEvent event = succeeded(accountNo, "20.00", "CNY");
        LedgerSource[] sources = LedgerSource.values();
        List<CompletableFuture<Applied>> deliveries = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            deliveries.add(apply(event, sources[i % sources.length]));
        }
        List<Applied> outcomes = new ArrayList<>();
        for (int i = 0; i < deliveries.size(); i++) {
            outcomes.add(outcomeOf(deliveries.get(i), event, sources[i % sources.length]));
        }

        assertThat(outcomes).containsOnlyOnce(Applied.CREDITED);
        assertThat(outcomes).filteredOn(Applied.DUPLICATE::equals).hasSize(19);
        assertThat(balance(accountNo)).isEqualByComparingTo("20.00");
        assertThat(given().get("/accounts/" + accountNo + "/ledger").then().statusCode(200)
                .extract().jsonPath().getList("txNo")).containsExactly(event.txNo().toString());
    }

    /**
     * A delivery that waited too long for the first one's row lock failed transiently; the retry ladder would
     * deliver it again later, so the test does too.
     */
    private Applied outcomeOf(CompletableFuture<Applied> delivery, RechargeResultEvent event, LedgerSource source)
            throws Exception {
        try {
            return delivery.get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            assertThat(e).hasCauseInstanceOf(org.hibernate.exception.LockTimeoutException.class);
            return outcomeOf(apply(event, source), event, source);
        }
    }

    /** Each delivery in its own transaction on its own Vert.x context, all started before any finishes. */
    private CompletableFuture<Applied> apply(RechargeResultEvent event, LedgerSource source) {
        return isolated.run(() -> ledger.apply(event, source)).subscribeAsCompletionStage();
    }
}
