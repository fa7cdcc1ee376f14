package io.rechargenotify.shared.testing.openapi;

import io.quarkus.test.junit.callback.QuarkusTestBeforeEachCallback;
import io.quarkus.test.junit.callback.QuarkusTestMethodContext;

/**
 * Holds every RestAssured call of every {@code @QuarkusTest} to the served OpenAPI document by installing
 * {@link OpenApiContractFilter} before each test, so no test has to ask for it. Quarkus loads this callback from
 * {@code META-INF/services} of the shared test-jar. {@code -Dopenapi.validation=false} switches it off for a run.
 */
public final class OpenApiContractCallback implements QuarkusTestBeforeEachCallback {

    private static Class<?> lastTestClass;

    @Override
    public void beforeEach(QuarkusTestMethodContext context) {
        if (!Boolean.parseBoolean(System.getProperty("openapi.validation", "true"))) {
            return;
        }
        OpenApiContractFilter.install();
        // Quarkus restarts the service between test classes when their profiles differ, maybe with another API.
        synchronized (OpenApiContractCallback.class) {
            Class<?> testClass = context.getTestInstance().getClass();
            if (testClass != lastTestClass) {
                OpenApiContractFilter.forgetDocuments();
                lastTestClass = testClass;
            }
        }
    }
}
