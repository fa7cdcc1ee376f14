package io.rechargenotify.account.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The boundaries of account-service, kept by a test rather than by memory: no package cycles; delivery (how a
 * notification is applied, retried, dead-lettered) is used by nothing but itself, and the ledger – the one idempotent
 * place money moves – knows nothing of how results arrive.
 */
class ArchitectureTest {

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.rechargenotify.account");

    @Test
    void packagesAreFreeOfCycles() {
        slices().matching("io.rechargenotify.account.(*)..").should().beFreeOfCycles().check(CLASSES);
    }

    @Test
    void nothingOutsideDeliveryDependsOnIt() {
        noClasses().that().resideOutsideOfPackage("..account.delivery..")
                .should().dependOnClassesThat().resideInAPackage("..account.delivery..")
                .check(CLASSES);
    }

    @Test
    void theLedgerDoesNotKnowHowResultsArrive() {
        noClasses().that().resideInAPackage("..account.ledger..")
                .should().dependOnClassesThat().resideInAnyPackage("..account.delivery..", "..account.deadletter..",
                        "..account.reconcile..", "..account.api..")
                .check(CLASSES);
    }
}
