package io.rechargenotify.shared.testing.openapi;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class OpenApiContractTest {

    private static final String JSON = "application/json";
    private static final String PROBLEM = "application/problem+json";
    private static final String ACCOUNT = """
            {"accountNo": "ACC-1", "balance": "100.00", "updatedAt": "2026-01-02T03:04:05.678Z", "closedAt": null}""";

    private static final OpenApiContract CONTRACT = OpenApiContract.of("""
            {
              "openapi": "3.1.0",
              "servers": [{"url": "https://example.test/api"}],
              "paths": {
                "/accounts/{accountNo}": {
                  "get": {
                    "responses": {
                      "200": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Account"}}}},
                      "4XX": {"content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}}
                    }
                  },
                  "delete": {"responses": {"204": {"description": "Closed"}}}
                },
                "/accounts/search": {
                  "get": {"responses": {"200": {"content": {"application/json": {"schema": {"type": "array"}}}}}}
                }
              },
              "components": {
                "schemas": {
                  "Money": {"type": "string", "pattern": "^-?[0-9]{1,17}[.][0-9]{2}$"},
                  "Account": {
                    "type": "object",
                    "properties": {
                      "accountNo": {"type": "string"},
                      "balance": {"$ref": "#/components/schemas/Money"},
                      "updatedAt": {"type": "string", "format": "date-time"},
                      "closedAt": {"type": ["string", "null"], "format": "date-time"}
                    },
                    "required": ["accountNo", "balance", "updatedAt"]
                  },
                  "Problem": {
                    "type": "object",
                    "properties": {"status": {"type": "integer"}, "title": {"type": "string"}},
                    "required": ["status", "title"]
                  }
                }
              }
            }""");

    @Test
    void aConformingResponsePasses() {
        assertThatCode(() -> {
            CONTRACT.assertConforms("GET", "/accounts/ACC-1?fields=all", 200, JSON + ";charset=UTF-8", ACCOUNT);
            CONTRACT.assertConforms("GET", "/accounts/ACC-2", 404, PROBLEM, """
                    {"status": 404, "title": "No such account"}""");
            CONTRACT.assertConforms("DELETE", "/accounts/ACC-1", 204, null, "");
        }).doesNotThrowAnyException();
    }

    @Test
    void moneySentAsANumberFails() {
        assertThatThrownBy(() -> CONTRACT.assertConforms("GET", "/accounts/ACC-1", 200, JSON,
                ACCOUNT.replace("\"100.00\"", "100.00")))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("GET /accounts/{accountNo} 200: $.balance: number found, string expected")
                .hasMessageContaining("request: GET /accounts/ACC-1")
                .hasMessageContaining("\"balance\": 100.00");
    }

    @Test
    void moneyWithoutTwoDecimalsFails() {
        assertThatThrownBy(() -> CONTRACT.assertConforms("GET", "/accounts/ACC-1", 200, JSON,
                ACCOUNT.replace("100.00", "100.5")))
                .isInstanceOf(AssertionError.class).hasMessageContaining("$.balance: does not match the regex pattern");
    }

    @Test
    void aTimeThatIsNoDateTimeFails() {
        assertThatThrownBy(() -> CONTRACT.assertConforms("GET", "/accounts/ACC-1", 200, JSON,
                ACCOUNT.replace("\"closedAt\": null", "\"closedAt\": \"yesterday\"")))
                .isInstanceOf(AssertionError.class).hasMessageContaining("$.closedAt: does not match the date-time");
    }

    @Test
    void aFieldTheSchemaDoesNotNameFails() {
        assertThatThrownBy(() -> CONTRACT.assertConforms("GET", "/accounts/ACC-1", 200, JSON,
                ACCOUNT.replaceFirst("\\{", "{\"internalId\": 7, ")))
                .isInstanceOf(AssertionError.class).hasMessageContaining("internalId");
    }

    @Test
    void anUndeclaredStatusFails() {
        assertThatThrownBy(() -> CONTRACT.assertConforms("GET", "/accounts/ACC-1", 500, PROBLEM, """
                {"status": 500, "title": "Internal Server Error"}"""))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("GET /accounts/{accountNo} 500: status not declared; declared: [200, 4XX]");
    }

    @Test
    void aWrongContentTypeFails() {
        assertThatThrownBy(() -> CONTRACT.assertConforms("GET", "/accounts/ACC-1", 200, "text/plain", ACCOUNT))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Content-Type 'text/plain' not declared; declared: [application/json]");
    }

    @Test
    void aBodyWhereNoneIsDeclaredFails() {
        assertThatThrownBy(() -> CONTRACT.assertConforms("DELETE", "/accounts/ACC-1", 204, JSON, "{}"))
                .isInstanceOf(AssertionError.class).hasMessageContaining("no content declared, but a body was sent");
    }

    @Test
    void callsToNoOperationOfTheDocumentAreSkipped() {
        assertThatCode(() -> {
            CONTRACT.assertConforms("GET", "/q/health", 200, JSON, "{\"status\": \"UP\"}");
            CONTRACT.assertConforms("GET", "/accounts/ACC-1/ledger", 200, JSON, "[]");
            CONTRACT.assertConforms("POST", "/accounts/ACC-1", 405, "text/html", "<html/>");
        }).doesNotThrowAnyException();
    }

    @Test
    void aLiteralSegmentWinsOverATemplatedOne() {
        assertThatCode(() -> CONTRACT.assertConforms("GET", "/accounts/search", 200, JSON, "[]"))
                .doesNotThrowAnyException();
    }

    @Test
    void theServersBasePathIsStripped() {
        assertThatThrownBy(() -> CONTRACT.assertConforms("GET", "/api/accounts/ACC-1", 200, JSON, "{}"))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("GET /accounts/{accountNo} 200: $: required property 'accountNo' not found");
    }
}
