package io.rechargenotify.console.web;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import java.lang.reflect.Proxy;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A form the browser says came from another site is refused with 403 before it reaches a page; the console's own
 * forms, reads, and clients that send no browser headers pass.
 */
class SameOriginFilterTest {

    private static final String HOST = "console.example:8443";
    private static final String OWN_ORIGIN = "https://console.example:8443";

    private final SameOriginFilter filter = new SameOriginFilter();

    @ParameterizedTest
    @ValueSource(strings = { "GET", "HEAD", "OPTIONS" })
    void readsArePassedEvenFromAnotherSite(String method) {
        Response refused = filter.refuseCrossSite(request(method,
                Map.of("Sec-Fetch-Site", "cross-site", "Origin", "https://evil.example", "Host", HOST)));

        assertThat(refused).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = { "POST", "PUT", "PATCH", "DELETE" })
    void aCrossSiteWriteIsRefused(String method) {
        Response refused = filter.refuseCrossSite(request(method,
                Map.of("Sec-Fetch-Site", "cross-site", "Origin", "https://evil.example", "Host", HOST)));

        assertForbidden(refused);
    }

    /** Fetch metadata alone is enough: a cross-site form is refused even when no Origin header came with it. */
    @Test
    void aCrossSiteWriteWithoutOriginIsRefused() {
        assertForbidden(filter.refuseCrossSite(request("POST", Map.of("Sec-Fetch-Site", "cross-site", "Host", HOST))));
    }

    @Test
    void aSameSiteButOtherOriginWriteIsRefused() {
        assertForbidden(filter.refuseCrossSite(request("POST",
                Map.of("Sec-Fetch-Site", "same-site", "Origin", "https://other.example:8443", "Host", HOST))));
    }

    @Test
    void aWriteFromTheConsolesOwnPageIsPassed() {
        assertThat(filter.refuseCrossSite(request("POST",
                Map.of("Sec-Fetch-Site", "same-origin", "Origin", OWN_ORIGIN, "Host", HOST)))).isNull();
    }

    @Test
    void aWriteTheUserStartedThemselvesIsPassed() {
        assertThat(filter.refuseCrossSite(request("POST", Map.of("Sec-Fetch-Site", "none", "Host", HOST))))
                .isNull();
    }

    @Test
    void withoutFetchMetadataAForeignOriginIsRefused() {
        assertForbidden(filter.refuseCrossSite(request("POST", Map.of("Origin", "https://evil.example", "Host", HOST))));
    }

    @Test
    void withoutFetchMetadataTheSameHostOnAnotherPortIsRefused() {
        assertForbidden(filter.refuseCrossSite(
                request("POST", Map.of("Origin", "https://console.example:9000", "Host", HOST))));
    }

    @Test
    void anOriginMatchingTheHostIsPassedWhateverTheCase() {
        assertThat(filter.refuseCrossSite(request("POST", Map.of("Origin", "https://Console.Example:8443", "Host",
                HOST)))).isNull();
        assertThat(filter.refuseCrossSite(request("POST", Map.of("Origin", "http://localhost", "Host",
                "localhost")))).isNull();
    }

    @Test
    void aSameOriginClaimWithAForeignOriginIsRefused() {
        assertForbidden(filter.refuseCrossSite(request("POST",
                Map.of("Sec-Fetch-Site", "same-origin", "Origin", "https://evil.example", "Host", HOST))));
    }

    @ParameterizedTest
    @ValueSource(strings = { "null", "not a uri", "" })
    void anOpaqueOrUnreadableOriginIsRefused(String origin) {
        assertForbidden(filter.refuseCrossSite(request("POST", Map.of("Origin", origin, "Host", HOST))));
    }

    @Test
    void anOriginWithoutAHostToCompareIsRefused() {
        assertForbidden(filter.refuseCrossSite(request("POST", Map.of("Origin", OWN_ORIGIN))));
    }

    /** Not a browser (curl, a script): it carries no sign-in cookie a foreign page could borrow, so it is let through. */
    @Test
    void aWriteWithoutBrowserHeadersIsPassed() {
        assertThat(filter.refuseCrossSite(request("POST", Map.of("Host", HOST)))).isNull();
    }

    private static void assertForbidden(Response refused) {
        assertThat(refused).isNotNull();
        assertThat(refused.getStatus()).isEqualTo(403);
        assertThat(refused.getEntity()).asString().startsWith("Refused:");
    }

    /** A request that answers its method and headers (names in any case), and nothing else the filter must not use. */
    private static ContainerRequestContext request(String method, Map<String, String> headers) {
        Map<String, String> byName = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        byName.putAll(headers);
        return (ContainerRequestContext) Proxy.newProxyInstance(SameOriginFilterTest.class.getClassLoader(),
                new Class<?>[] { ContainerRequestContext.class }, (proxy, called, args) -> switch (called.getName()) {
                    case "getMethod" -> method;
                    case "getHeaderString" -> byName.get((String) args[0]);
                    case "toString" -> method + " " + headers;
                    default -> throw new UnsupportedOperationException(called.getName());
                });
    }
}
