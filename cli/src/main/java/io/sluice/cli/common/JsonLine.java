package io.sluice.cli.common;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * Writes a command's machine-readable result: one JSON object on one line of stdout, keys in
 * snake_case and in the order given. Scripts read it with {@code jq}.
 */
public final class JsonLine {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private JsonLine() {}

  /**
   * @param fields keys in output order (pass a LinkedHashMap); values: numbers, strings, null
   */
  public static void print(PrintWriter out, Map<String, ?> fields) {
    try {
      out.println(MAPPER.writeValueAsString(fields));
      out.flush();
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException("cannot write the JSON result", e);
    }
  }
}
