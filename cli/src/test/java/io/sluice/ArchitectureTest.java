package io.sluice;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The package rules of the whole {@code io.sluice} graph, checked on the compiled main classes of
 * spool, core and cli (this module's test classpath holds all three):
 *
 * <ul>
 *   <li>no cycle among the {@code io.sluice} packages, public ones included;
 *   <li>{@code cli} and {@code query} use no {@code io.sluice.internal} package;
 *   <li>the value types ({@code io.sluice.model}) sit below everything of core but the spool;
 *   <li>{@code spool} uses nothing of core or cli.
 * </ul>
 *
 * Layers, bottom up: spool; model; internal.codec, internal.db, query; internal.breaker;
 * internal.drain; internal.ops; the facade ({@code io.sluice}, {@code io.sluice.inspect}); cli.
 */
class ArchitectureTest {
  private static JavaClasses classes;

  /** Main classes only: not test classes, not core's test-jar. */
  private static final ImportOption MAIN_CLASSES =
      (Location location) ->
          !location.contains("/test-classes/") && !location.contains("-tests.jar");

  /** One slice per {@code io.sluice} package, the root package included. */
  private static final SliceAssignment BY_PACKAGE =
      new SliceAssignment() {
        @Override
        public SliceIdentifier getIdentifierOf(JavaClass c) {
          String p = c.getPackageName();
          return p.equals("io.sluice") || p.startsWith("io.sluice.")
              ? SliceIdentifier.of(p)
              : SliceIdentifier.ignore();
        }

        @Override
        public String getDescription() {
          return "io.sluice packages";
        }
      };

  @BeforeAll
  static void importClasses() {
    classes = new ClassFileImporter().withImportOption(MAIN_CLASSES).importPackages("io.sluice");
  }

  @Test
  void packages_haveNoCycle() {
    slices().assignedFrom(BY_PACKAGE).should().beFreeOfCycles().check(classes);
  }

  @Test
  void cli_usesNoInternalPackage() {
    noClasses()
        .that()
        .resideInAPackage("io.sluice.cli..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("io.sluice.internal..")
        .check(classes);
  }

  @Test
  void query_usesNoInternalPackage() {
    noClasses()
        .that()
        .resideInAPackage("io.sluice.query..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("io.sluice.internal..")
        .check(classes);
  }

  @Test
  void model_usesNothingOfSluiceButTheSpool() {
    noClasses()
        .that()
        .resideInAPackage("io.sluice.model..")
        .should()
        .dependOnClassesThat(
            resideInAPackage("io.sluice..")
                .and(not(resideInAPackage("io.sluice.model..")))
                .and(not(resideInAPackage("io.sluice.spool.."))))
        .check(classes);
  }

  @Test
  void spool_usesNothingOfCoreOrCli() {
    noClasses()
        .that()
        .resideInAPackage("io.sluice.spool..")
        .should()
        .dependOnClassesThat(
            resideInAPackage("io.sluice..").and(not(resideInAPackage("io.sluice.spool.."))))
        .check(classes);
  }
}
