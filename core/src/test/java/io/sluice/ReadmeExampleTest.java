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

/** The Java example in README.md compiles against the current API (Java 17 has no {@snippet}). */
class ReadmeExampleTest {
  @TempDir Path out;

  @Test
  void readmeJavaExample_compiles() throws Exception {
    String readme = Files.readString(Path.of("..", "README.md"));
    Matcher m = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL).matcher(readme);
    assertTrue(m.find(), "README.md has a ```java example");
    // The example's own import lines head the file (they must name the right packages); the JDK
    // classes it uses are imported here.
    StringBuilder imports = new StringBuilder("import java.nio.file.Path;\nimport java.util.UUID;\n");
    StringBuilder body = new StringBuilder();
    for (String line : m.group(1).split("\n")) {
      (line.startsWith("import ") ? imports : body).append(line).append('\n');
    }
    assertTrue(imports.toString().contains("import io.sluice."), "the example shows its imports");
    String source =
        imports + "class ReadmeExample {\n  void run() {\n" + body + "\n  }\n}\n";
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

  private static final class Source extends SimpleJavaFileObject {
    private final String code;

    Source(String code) {
      super(URI.create("string:///ReadmeExample.java"), Kind.SOURCE);
      this.code = code;
    }

    @Override
    public CharSequence getCharContent(boolean ignoreEncodingErrors) {
      return code;
    }
  }
}
