package io.rechargenotify.system.hostile;

import static io.restassured.RestAssured.given;

import io.rechargenotify.shared.security.Roles;
import io.rechargenotify.shared.testing.TestTokens;
import io.restassured.path.json.JsonPath;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The dead letters as an operator sees them: every page of {@code GET /dead-letters}, oldest first. */
final class DeadLetters {

    private static final int PAGE = 1000;
    // Looking only: an operator inspecting dead letters needs no right to replay them.
    private static final String OPS_READ_TOKEN = TestTokens.forRoles(Roles.OPS_READ);

    private DeadLetters() {
    }

    /** Where a dead-lettered record was first consumed: the identity a dead letter is matched by. */
    record Origin(String topic, int partition, long offset) {

        @Override
        public String toString() {
            return topic + "-" + partition + "@" + offset;
        }
    }

    record Letter(long id, Origin origin, String errorClass, String lastError, String payload, Instant deadAt) {
    }

    static List<Letter> all(String baseUrl) {
        List<Letter> letters = new ArrayList<>();
        Long after = 0L;
        while (after != null) {
            JsonPath page = given().baseUri(baseUrl).header("Authorization", "Bearer " + OPS_READ_TOKEN)
                    .queryParam("after", after).queryParam("limit", PAGE)
                    .get("/dead-letters").then().statusCode(200).extract().jsonPath();
            for (Map<String, Object> item : page.<Map<String, Object>>getList("items")) {
                letters.add(new Letter(((Number) item.get("id")).longValue(), origin(item),
                        (String) item.get("errorClass"), (String) item.get("lastError"), (String) item.get("payload"),
                        Instant.parse((String) item.get("deadAt"))));
            }
            Number next = page.get("next");
            after = next == null ? null : next.longValue();
        }
        return letters;
    }

    /** Null when the dead letter does not say where it came from. */
    private static Origin origin(Map<String, Object> item) {
        Object topic = item.get("originalTopic");
        Object partition = item.get("originalPartition");
        Object offset = item.get("originalOffset");
        if (topic == null || partition == null || offset == null) {
            return null;
        }
        return new Origin((String) topic, ((Number) partition).intValue(), ((Number) offset).longValue());
    }
}
