package io.rechargenotify.callback;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.rechargenotify.shared.testing.ApiDocumentChecks;
import io.rechargenotify.shared.testing.JwtKeysResource;
import io.rechargenotify.shared.testing.KafkaBrokerResource;
import io.rechargenotify.shared.testing.PostgresDatabaseResource;
import java.util.UUID;

/** The OpenAPI document is the contract partners generate clients from: committed, complete, and honoured. */
@QuarkusTest
@WithTestResource(JwtKeysResource.class)
@WithTestResource(KafkaBrokerResource.class)
@WithTestResource(value = PostgresDatabaseResource.class,
        initArgs = @ResourceArg(name = "database", value = CallbackDb.DATABASE))
class ApiDocumentTest extends ApiDocumentChecks {

    @Override
    protected String service() {
        return "callback-service";
    }

    @Override
    protected String missingResource() {
        return "/endpoints/" + UUID.randomUUID();
    }
}
