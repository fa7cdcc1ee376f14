package io.rechargenotify.callback.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The boundaries of callback-service: no package cycles; only the api package speaks HTTP to operators, and nothing
 * but dispatch calls receivers; the delivery tables are reached only through the delivery package.
 */
class ArchitectureTest {

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.rechargenotify.callback");

    @Test
    void packagesAreFreeOfCycles() {
        slices().matching("io.rechargenotify.callback.(*)..").should().beFreeOfCycles().check(CLASSES);
    }

    @Test
    void nothingOutsideDispatchCallsReceivers() {
        noClasses().that().resideOutsideOfPackage("..callback.dispatch..")
                .should().dependOnClassesThat().resideInAPackage("java.net.http..")
                .check(CLASSES);
    }

    @Test
    void nothingDependsOnTheApi() {
        noClasses().that().resideOutsideOfPackage("..callback.api..")
                .should().dependOnClassesThat().resideInAPackage("..callback.api..")
                .check(CLASSES);
    }

    @Test
    void onlyTheRepositoriesTalkSql() {
        noClasses().that().resideOutsideOfPackages("..callback.delivery..", "..callback.endpoint..")
                .should().dependOnClassesThat().resideInAPackage("io.vertx.mutiny.sqlclient..")
                .check(CLASSES);
    }
}
