package io.sluice;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaCompiler;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Java example in README.md compiles against the current API (Java 17 has no
 *
 * {@snippet}
 *
 * ).
 */
class ReadmeExampleTest {
  @TempDir Path out;

  @Test
  void readmeJavaExample_compiles() throws Exception {
    String readme = Files.readString(Path.of("..", "README.md"));
    Matcher m = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL).matcher(readme);
    assertTrue(m.find(), "README.md has a ```java example");
    // The example's own import lines head the file (they must name the right packages); the JDK
    // classes it uses are imported here.
    StringBuilder imports =
        new StringBuilder("import java.nio.file.Path;\nimport java.util.UUID;\n");
    StringBuilder body = new StringBuilder();
    for (String line : m.group(1).split("\n")) {
      (line.startsWith("import ") ? imports : body).append(line).append('\n');
    }
    assertTrue(imports.toString().contains("import io.sluice."), "the example shows its imports");
    String source = imports + "class ReadmeExample {\n  void run() {\n" + body + "\n  }\n}\n";
    String classPath =
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    StringWriter diagnostics = new StringWriter();
    boolean ok =
        javac
            .getTask(
                diagnostics,
                null,
                null,
                List.of("-classpath", classPath, "-d", out.toString(), "-proc:none"),
                null,
                List.of(new Source(source)))
            .call();
    assertTrue(ok, "README example does not compile:\n" + diagnostics + "\n" + source);
  }

  @Test
  void readmeQuickStartApp_compiles() throws Exception {
    String readme = Files.readString(Path.of("..", "README.md"));
    Matcher m =
        Pattern.compile(
                "```java\\n(import io\\.sluice[^`]*?public class App [^`]*?)```", Pattern.DOTALL)
            .matcher(readme);
    assertTrue(m.find(), "README.md has the quick start's App class");
    compile("App", m.group(1));
  }

  @Test
  void readmeJvmFlags_areTheParentPomsList() throws Exception {
    String readme = Files.readString(Path.of("..", "README.md"));
    String pom = Files.readString(Path.of("..", "pom.xml"));
    Matcher m = Pattern.compile("<chronicle.jvm.args>(.*?)</chronicle.jvm.args>").matcher(pom);
    assertTrue(m.find(), "the parent pom defines chronicle.jvm.args");
    assertTrue(
        readme.contains("\n" + m.group(1) + "\n"),
        "README.md shows the flags of the parent pom on one line: " + m.group(1));
  }

  private void compile(String className, String source) {
    String classPath =
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    StringWriter diagnostics = new StringWriter();
    boolean ok =
        ToolProvider.getSystemJavaCompiler()
            .getTask(
                diagnostics,
                null,
                null,
                List.of("-classpath", classPath, "-d", out.toString(), "-proc:none"),
                null,
                List.of(new Source(className, source)))
            .call();
    assertTrue(ok, "README's " + className + " does not compile:\n" + diagnostics + "\n" + source);
  }

  private static final class Source extends SimpleJavaFileObject {
    private final String code;

    Source(String code) {
      this("ReadmeExample", code);
    }

    Source(String className, String code) {
      super(URI.create("string:///" + className + ".java"), Kind.SOURCE);
      this.code = code;
    }

    @Override
    public CharSequence getCharContent(boolean ignoreEncodingErrors) {
      return code;
    }
  }
}
