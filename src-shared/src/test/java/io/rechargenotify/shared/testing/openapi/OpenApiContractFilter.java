package io.rechargenotify.shared.testing.openapi;

import io.restassured.RestAssured;
import io.restassured.filter.Filter;
import io.restassured.filter.FilterContext;
import io.restassured.response.Response;
import io.restassured.specification.FilterableRequestSpecification;
import io.restassured.specification.FilterableResponseSpecification;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A RestAssured filter that checks every response against the OpenAPI document the called service serves, so each API
 * test also tests the contract partners generate clients from. {@link OpenApiContractCallback} installs it.
 */
public final class OpenApiContractFilter implements Filter {

    private static final String DOCUMENT_PATH = "/q/openapi?format=json";
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    // A plain HTTP client, not RestAssured: its global filters (this one, the test token) must not see this call.
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    /** Per origin ({@code http://localhost:8081}); empty for a server that serves no document. */
    private static final Map<String, Optional<OpenApiContract>> CONTRACTS = new ConcurrentHashMap<>();

    /** Adds the filter to RestAssured's global filters, unless it is there already. */
    public static synchronized void install() {
        if (RestAssured.filters().stream().noneMatch(OpenApiContractFilter.class::isInstance)) {
            RestAssured.filters(new OpenApiContractFilter());
        }
    }

    /** Forgets the documents read so far: the next call to a service reads its document again. */
    public static void forgetDocuments() {
        CONTRACTS.clear();
    }

    @Override
    public Response filter(FilterableRequestSpecification request, FilterableResponseSpecification responseSpec,
            FilterContext context) {
        Response response = context.next(request, responseSpec);
        URI uri = URI.create(request.getURI());
        contract(uri.getScheme() + "://" + uri.getRawAuthority()).ifPresent(contract -> contract.assertConforms(
                request.getMethod(), uri.getRawPath(), response.statusCode(), response.contentType(),
                new String(response.asByteArray(), StandardCharsets.UTF_8)));
        return response;
    }

    private static Optional<OpenApiContract> contract(String origin) {
        return CONTRACTS.computeIfAbsent(origin, OpenApiContractFilter::read);
    }

    private static Optional<OpenApiContract> read(String origin) {
        HttpRequest get = HttpRequest.newBuilder(URI.create(origin + DOCUMENT_PATH)).timeout(TIMEOUT)
                .header("Accept", "application/json").build();
        try {
            HttpResponse<String> document = HTTP.send(get, HttpResponse.BodyHandlers.ofString());
            if (document.statusCode() == 404) {
                // Not a Quarkus service (a stub some test calls): there is no contract to hold it to.
                return Optional.empty();
            }
            if (document.statusCode() != 200) {
                throw new AssertionError("GET " + origin + DOCUMENT_PATH + " answered " + document.statusCode()
                        + ": cannot check responses against the OpenAPI document");
            }
            return Optional.of(OpenApiContract.of(document.body()));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the OpenAPI document of " + origin, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted reading the OpenAPI document of " + origin, e);
        }
    }
}
