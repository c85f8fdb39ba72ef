package io.govstream.cli;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.EvaluationResult;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Rules on the main classes of every module (govctl's classpath holds them all), beside the enforcer's
 * module boundaries: no two packages import each other, directly or round a loop, and the policy
 * language stays pure. A failure lists each offending dependency with class and line.
 */
class PackageRulesTest {
    private static JavaClasses classes;

    @BeforeAll
    static void importMainClasses() {
        classes = new ClassFileImporter().withImportOption(new ImportOption.DoNotIncludeTests()).importPackages("io.govstream");
    }

    @Test
    void givenEveryModulesMainClasses_thenTheyCoverEachModule() {
        // The rules below mean something only if the classes of every module were imported.
        assertThat(classes.stream().map(c -> c.getPackageName()).distinct())
                .contains("io.govstream.cli", "io.govstream.policy", "io.govstream.governance", "io.govstream.ledger",
                        "io.govstream.runtime", "io.govstream.schemas", "io.govstream.orbit", "io.govstream.axon",
                        "io.govstream.topology", "io.govstream.broker", "io.govstream.secrets", "io.govstream.bench");
    }

    @Test
    void givenEveryPackage_thenNoPackageCycles() {
        EvaluationResult result = slices().matching("io.govstream.(**)").should().beFreeOfCycles().evaluate(classes);

        assertThat(result.getFailureReport().getDetails()).isEmpty();
    }

    @Test
    void givenThePolicyModule_thenItUsesNeitherKafkaStreamsNorMicronaut() {
        EvaluationResult result = noClasses().that().resideInAPackage("io.govstream.policy..")
                .should().dependOnClassesThat().resideInAnyPackage("org.apache.kafka.streams..", "io.micronaut..")
                .evaluate(classes);

        assertThat(result.getFailureReport().getDetails()).isEmpty();
    }
}
