package io.rechargenotify.system.console;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;

import io.rechargenotify.shared.event.EventCodec;
import io.rechargenotify.shared.event.RechargeEventType;
import io.rechargenotify.shared.event.RechargeResultEvent;
import io.rechargenotify.shared.event.Topics;
import io.rechargenotify.shared.security.Roles;
import io.rechargenotify.shared.testing.TopicProbe;
import io.rechargenotify.system.ServiceProcess;
import io.rechargenotify.system.Sql;
import io.rechargenotify.system.SystemApi;
import io.restassured.http.ContentType;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

/**
 * The operators' console in a real headless Chromium, on the packaged console and the three packaged services (real
 * Postgres, real broker): what an operator on call does with it, checked through the services' APIs.
 *
 * <p>With {@code -Dconsole.screenshots=<dir>} it also saves the overview and a dead letter as PNGs there (the README's
 * pictures: {@code bin/test -pl system-tests -Dit.test=ConsoleIT -Dconsole.screenshots=$PWD/docs}).
 */
class ConsoleIT {

    private static ConsoleSystem system;

    @BeforeAll
    static void start() {
        system = ConsoleSystem.start("console_it");
    }

    @AfterAll
    static void stop() {
        if (system != null) {
            system.close();
        }
    }

    @Test
    void aPlantedDeadLetterIsReplayedFromThePageAndCreditsTheAccount() {
        String accountNo = "DL-" + UUID.randomUUID().toString().substring(0, 8);
        UUID txNo = UUID.randomUUID();
        long letter = plantDeadLetter(accountNo, txNo, "42.50");
        // the account opens after the result arrived: the replay can credit it now
        openAccount(accountNo);

        try (Browser browser = system.browser().signIn(ConsoleSystem.OPERATOR, system.password(ConsoleSystem.OPERATOR))) {
            browser.open("/dead-letters?open=true&accountNo=" + accountNo);
            browser.find(By.linkText(Long.toString(letter))).click();
            browser.awaitText(By.id("payload"), txNo.toString());
            screenshot(browser, "console-dead-letter.png");

            browser.clickAndConfirm(By.id("replay-button"));
            browser.awaitText(By.id("replay-result"), "CREDITED");
            assertThat(browser.text(By.id("replay-result"))).contains("operator via console");
        }

        assertThat(SystemApi.balance(system.accountService(), accountNo)).isEqualByComparingTo("42.50");
        assertThat(given().baseUri(system.accountService().baseUrl()).get("/dead-letters/" + letter)
                .then().statusCode(200).extract().<String>path("replayedBy")).isEqualTo("operator via console");
    }

    @Test
    void aLostNotificationShowsUpInAReconciliationReportStartedFromThePage() {
        Instant from = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(1);
        String accountNo = openAccount(ConsoleSystem.LOST_PREFIX + UUID.randomUUID().toString().substring(0, 8));
        UUID txNo = UUID.randomUUID();
        SystemApi.postRecharge(system.rechargeService(), txNo, accountNo, "18.00");
        assertThat(rechargeStatus(txNo)).isEqualTo("SUCCEEDED");
        // its outbox row was removed with the write: no notification will ever come
        assertThat(Sql.count(system.rechargeDb(), "SELECT count(*) FROM outbox WHERE tx_no = ?", txNo)).isZero();

        try (Browser browser = system.browser().signIn(ConsoleSystem.OPERATOR, system.password(ConsoleSystem.OPERATOR))) {
            browser.open("/reconciliations");
            browser.find(By.id("from")).clear();
            browser.find(By.id("from")).sendKeys(from.toString());
            browser.find(By.id("to")).clear();
            // now: after the recharge completed, and already past (a run takes closed windows only)
            browser.find(By.id("to")).sendKeys(Instant.now().toString());
            browser.find(By.id("start-run")).click();

            browser.awaitText(By.id("run-status"), "SUCCEEDED");
            assertThat(browser.text(By.id("repaired-table"))).contains(txNo.toString()).contains(accountNo);
            assertThat(browser.text(By.id("unresolved-table"))).doesNotContain(txNo.toString());
        }
        assertThat(SystemApi.balance(system.accountService(), accountNo)).isEqualByComparingTo("18.00");
    }

    @Test
    void aParkedOutboxRowIsUnparkedFromThePageAndThenPublished() {
        String accountNo = openAccount(ConsoleSystem.PARK_PREFIX + UUID.randomUUID().toString().substring(0, 8));
        UUID txNo = UUID.randomUUID();
        SystemApi.postRecharge(system.rechargeService(), txNo, accountNo, "7.25");
        long row = parkedRowOf(txNo);

        try (Browser browser = system.browser().signIn(ConsoleSystem.OPERATOR, system.password(ConsoleSystem.OPERATOR))) {
            browser.open("/outbox/parked");
            browser.find(By.linkText(Long.toString(row))).click();
            browser.awaitText(By.id("row-state"), "PARKED");

            browser.clickAndConfirm(By.id("unpark-button"));
            browser.awaitText(By.id("row-state"), "unparked at");
            assertThat(browser.text(By.id("row-state"))).contains("by operator via console");
            // the relay publishes it on its next pass: the row page says so once it has
            await().atMost(Duration.ofSeconds(30)).until(() -> browser.open("/outbox/" + row)
                    .text(By.id("row-state")).contains("PUBLISHED"));
        }
        // published, so account-service got it and credited the account
        await().atMost(Duration.ofSeconds(30)).until(
                () -> SystemApi.balance(system.accountService(), accountNo).compareTo(new BigDecimal("7.25")) == 0);
    }

    @Test
    void aTxNoLookUpShowsEveryPart() {
        String accountNo = openAccount("LOOKUP-" + UUID.randomUUID().toString().substring(0, 8));
        String endpoint = system.registerEndpoint(accountNo);
        UUID txNo = UUID.randomUUID();
        SystemApi.postRecharge(system.rechargeService(), txNo, accountNo, "3.10");
        await().atMost(Duration.ofSeconds(30)).until(
                () -> SystemApi.balance(system.accountService(), accountNo).compareTo(new BigDecimal("3.10")) == 0);
        await().atMost(Duration.ofSeconds(30)).until(() -> given().baseUri(system.callbackService().baseUrl())
                .queryParam("txNo", txNo).get("/deliveries").then().statusCode(200).extract()
                .<List<?>>path("items").size() == 1);

        try (Browser browser = system.browser().signIn(ConsoleSystem.VIEWER, system.password(ConsoleSystem.VIEWER))) {
            browser.open("/lookup");
            browser.find(By.id("txNo")).sendKeys(txNo.toString());
            browser.find(By.cssSelector("form[role=search] button[type=submit]")).click();

            assertThat(browser.text(By.id("recharge"))).contains("SUCCEEDED").contains(accountNo).contains("3.10");
            assertThat(browser.text(By.id("outbox"))).contains("PUBLISHED");
            assertThat(browser.text(By.id("ledger"))).contains("3.10").contains(accountNo);
            assertThat(browser.text(By.id("account-recharge"))).contains("Not started through account-service");
            assertThat(browser.text(By.id("dead-letters"))).contains("None");
            assertThat(browser.text(By.id("deliveries"))).contains(endpoint);

            browser.open("/lookup?txNo=not-a-tx-no");
            assertThat(browser.text(By.id("txNo-problem"))).contains("A txNo is a UUID");
        }
    }

    @Test
    void aUserWithoutTheWriteRoleSeesNoReplayButtonAndAForgedPostIsRefused() throws Exception {
        String accountNo = "DL-" + UUID.randomUUID().toString().substring(0, 8);
        long letter = plantDeadLetter(accountNo, UUID.randomUUID(), "5.00");
        openAccount(accountNo);
        String replay = system.consoleUrl() + "/dead-letters/" + letter + "/replay";

        try (Browser viewer = system.browser().signIn(ConsoleSystem.VIEWER, system.password(ConsoleSystem.VIEWER))) {
            viewer.open("/dead-letters/" + letter);
            viewer.awaitText(By.id("replay"), "Replaying needs the ops:write role");
            assertThat(viewer.has(By.id("replay-button"))).isFalse();
            // the form the viewer was not shown, posted with their session as the page would have: refused
            assertThat(post(replay, viewer.sessionCookie(), system.consoleUrl())).isEqualTo(403);
        }
        try (Browser operator = system.browser().signIn(ConsoleSystem.OPERATOR,
                system.password(ConsoleSystem.OPERATOR))) {
            // an operator's session used by another site's form (cross-site request forgery): refused
            assertThat(post(replay, operator.sessionCookie(), "https://attacker.example")).isEqualTo(403);
        }
        assertThat(given().baseUri(system.accountService().baseUrl()).get("/dead-letters/" + letter)
                .then().statusCode(200).extract().<String>path("replayedAt")).isNull();
        assertThat(SystemApi.balance(system.accountService(), accountNo)).isEqualByComparingTo("0");
    }

    /**
     * The services refuse a token older than a day, so the console must follow its token files: a token it may not use
     * is said to be the console's own problem (naming the token to renew), and the renewed one works at once.
     */
    @Test
    void aRefusedServiceTokenIsShownAndItsRenewalIsUsedWithoutARestart() {
        Instant started = system.started();
        try (Browser browser = system.browser().signIn(ConsoleSystem.VIEWER, system.password(ConsoleSystem.VIEWER))) {
            // a token for another service: callback-service answers 401
            system.renewServiceToken(Roles.CALLBACK_AUDIENCE, ConsoleSystem.consoleToken(Roles.RECHARGE_AUDIENCE));
            try {
                browser.open("/callbacks");
                assertThat(browser.text(By.id("problem"))).contains("502",
                        "callback-service refused the console's service token", "CONSOLE_CALLBACK_API_TOKEN_FILE");
            } finally {
                system.renewServiceToken(Roles.CALLBACK_AUDIENCE, ConsoleSystem.consoleToken(Roles.CALLBACK_AUDIENCE));
            }
            browser.open("/callbacks");
            assertThat(browser.has(By.id("problem"))).as("no problem once the token is renewed").isFalse();
            assertThat(browser.text(By.id("endpoints"))).contains("Endpoints");
        }
        // the renewed token's iat, as the alert ServiceTokenExpiring reads it; the other two tokens' too
        String metrics = given().baseUri(system.consoleUrl()).get("/q/metrics").then().statusCode(200).extract()
                .asString();
        for (String audience : List.of(Roles.RECHARGE_AUDIENCE, Roles.ACCOUNT_AUDIENCE, Roles.CALLBACK_AUDIENCE)) {
            Matcher issued = Pattern.compile("(?m)^service_token_issued_timestamp_seconds\\{audience=\""
                    + audience + "\",?} (\\S+)$").matcher(metrics);
            assertThat(issued.find()).as("the gauge of the token for " + audience).isTrue();
            assertThat(Double.parseDouble(issued.group(1))).as("iat of the token for " + audience)
                    .isBetween((double) started.getEpochSecond() - 5, (double) Instant.now().getEpochSecond() + 5);
        }
    }

    @Test
    void theOverviewShowsEachServiceAndNeedsASignIn() {
        try (Browser browser = system.browser()) {
            browser.open("/");
            browser.find(By.id("j_username"));

            browser.signIn(ConsoleSystem.OPERATOR, system.password(ConsoleSystem.OPERATOR));
            browser.open("/");
            for (String service : List.of("recharge-service", "account-service", "callback-service")) {
                assertThat(browser.text(By.id("svc-" + service))).contains(service);
            }
            screenshot(browser, "console-overview.png");
        }
    }

    @Test
    void pagesMayNotBeFramedOrCachedAndPostOnlyToTheConsoleOrItsSignInProvider() {
        for (String page : List.of("/login", "/")) {
            given().baseUri(system.consoleUrl()).redirects().follow(false).get(page).then()
                    .header("Content-Security-Policy", allOf(
                            containsString("frame-ancestors 'none'"),
                            containsString("form-action 'self' " + ConsoleSystem.OIDC_PROVIDER
                                    + ";")))
                    .header("X-Frame-Options", "DENY")
                    .header("Cache-Control", "no-store");
        }
    }

    /** Publishes a genuinely signed result for an account that does not exist (yet): dead-lettered at once. */
    private static long plantDeadLetter(String accountNo, UUID txNo, String amount) {
        TopicProbe.publish(Topics.RECHARGE_RESULTS, accountNo, EventCodec.encode(RechargeResultEvent.of(
                RechargeEventType.RechargeSucceeded, txNo, accountNo, new BigDecimal(amount), "CNY", Instant.now())));
        return await().atMost(Duration.ofSeconds(30)).until(() -> given().baseUri(system.accountService().baseUrl())
                .queryParam("txNo", txNo).get("/dead-letters").then().statusCode(200).extract()
                .<List<Integer>>path("items.id"), ids -> ids.size() == 1).get(0).longValue();
    }

    private static String openAccount(String accountNo) {
        given().baseUri(system.accountService().baseUrl()).contentType(ContentType.JSON)
                .body(Map.of("accountNo", accountNo, "owner", "Console Test", "currency", "CNY"))
                .post("/accounts").then().statusCode(201);
        return accountNo;
    }

    private static String rechargeStatus(UUID txNo) {
        return given().baseUri(system.rechargeService().baseUrl()).get("/recharges/" + txNo).then().statusCode(200)
                .extract().path("status");
    }

    private static long parkedRowOf(UUID txNo) {
        return Long.parseLong(Sql.column(system.rechargeDb(),
                "SELECT id FROM outbox WHERE tx_no = ? AND parked_at IS NOT NULL", txNo).get(0));
    }

    private static int post(String url, String cookie, String origin) throws Exception {
        HttpRequest forged = HttpRequest.newBuilder(URI.create(url)).header("Cookie", cookie)
                .header("Origin", origin).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.noBody()).build();
        return HttpClient.newHttpClient().send(forged, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static void screenshot(Browser browser, String name) {
        String dir = System.getProperty("console.screenshots", "");
        if (!dir.isBlank()) {
            browser.screenshot(Path.of(dir, name));
        }
    }
}
