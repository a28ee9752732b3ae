package io.sluice.bench;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The benchmarks measure Sluice as a user runs it: their main classes (the JMH-generated ones
 * included) use no {@code io.sluice.internal} package, only the public API, like the CLI (whose
 * rule is in cli's {@code ArchitectureTest}). The sources are checked too: an import used only for
 * a compile-time constant leaves no trace in the bytecode ArchUnit reads.
 */
class BenchArchitectureTest {
  @Test
  void bench_usesNoInternalPackage() {
    JavaClasses bench =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.sluice.bench");
    noClasses()
        .that()
        .resideInAPackage("io.sluice.bench..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("io.sluice.internal..")
        .check(bench);
  }

  @Test
  void benchSources_importNoInternalPackage() throws IOException {
    List<Path> offenders;
    try (Stream<Path> sources = Files.walk(Path.of("src", "main", "java"))) {
      offenders =
          sources
              .filter(p -> p.toString().endsWith(".java"))
              .filter(BenchArchitectureTest::mentionsInternal)
              .toList();
    }
    assertEquals(List.of(), offenders, "bench sources that use io.sluice.internal");
  }

  private static boolean mentionsInternal(Path source) {
    try {
      return Files.readString(source).contains("io.sluice.internal.");
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("reading " + source, e);
    }
  }
}
