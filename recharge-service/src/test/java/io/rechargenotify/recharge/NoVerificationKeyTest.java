package io.rechargenotify.recharge;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.rechargenotify.shared.testing.KafkaBrokerResource;
import io.rechargenotify.shared.testing.PostgresDatabaseResource;
import io.rechargenotify.shared.testing.SecuredEndpoints;
import io.rechargenotify.shared.testing.TestTokens;
import org.junit.jupiter.api.Test;

/** Without a verification key configured (no JwtKeysResource), no token is believed: every call is 401. */
@QuarkusTest
@WithTestResource(KafkaBrokerResource.class)
@WithTestResource(value = PostgresDatabaseResource.class,
        initArgs = @ResourceArg(name = "database", value = "recharge_test"))
class NoVerificationKeyTest {

    @Test
    void aWellMadeTokenIsRefusedWhenNoKeyIsConfigured() {
        SecuredEndpoints.assertEachRefusesToken(SecuredEndpoints.operations(),
                TestTokens.forRoles(TestTokens.ALL_ROLES));
        SecuredEndpoints.assertProbesNeedNoToken();
    }
}
