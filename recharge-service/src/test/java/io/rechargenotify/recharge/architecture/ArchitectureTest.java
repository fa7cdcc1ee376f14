package io.rechargenotify.recharge.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The package structure of recharge-service, checked on the compiled classes (no Quarkus boot). */
@AnalyzeClasses(packages = "io.rechargenotify.recharge", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule noPackageCycles = slices().matching("io.rechargenotify.recharge.(*)..")
            .should().beFreeOfCycles();

    /** The payment-channel port belongs to the domain; adapters implement it, the domain never sees them. */
    @ArchTest
    static final ArchRule domainDoesNotKnowChannelAdapters = noClasses()
            .that().resideInAPackage("io.rechargenotify.recharge.domain..")
            .should().dependOnClassesThat().resideInAPackage("io.rechargenotify.recharge.channel..");

    /** The outbox is infrastructure the domain writes through; it never depends back on the domain or the API. */
    @ArchTest
    static final ArchRule outboxDoesNotKnowTheDomain = noClasses()
            .that().resideInAPackage("io.rechargenotify.recharge.outbox..")
            .should().dependOnClassesThat().resideInAnyPackage("io.rechargenotify.recharge.domain..",
                    "io.rechargenotify.recharge.api..", "io.rechargenotify.recharge.channel..");
}
