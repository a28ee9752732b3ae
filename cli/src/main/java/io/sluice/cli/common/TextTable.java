package io.sluice.cli.common;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * A plain-text table for people: columns as wide as their widest cell, two spaces apart, long cells
 * cut with an ellipsis (every column at {@value #MAX_WIDTH} characters, the last at {@value
 * #MAX_LAST_WIDTH}). Line breaks inside a cell become spaces. Not thread-safe.
 */
public final class TextTable {
  private static final int MAX_WIDTH = 40;
  private static final int MAX_LAST_WIDTH = 80;

  private final List<String> headers;
  private final List<List<String>> rows = new ArrayList<>();

  public TextTable(List<String> headers) {
    this.headers = List.copyOf(headers);
  }

  public void add(List<String> row) {
    List<String> cells = new ArrayList<>();
    for (int i = 0; i < headers.size(); i++) {
      String cell = i < row.size() && row.get(i) != null ? row.get(i) : "-";
      int max = i == headers.size() - 1 ? MAX_LAST_WIDTH : MAX_WIDTH;
      cells.add(cut(cell.replaceAll("\\s+", " "), max));
    }
    rows.add(cells);
  }

  public void print(PrintWriter out) {
    int[] widths = new int[headers.size()];
    for (int i = 0; i < widths.length; i++) {
      widths[i] = headers.get(i).length();
      for (List<String> r : rows) {
        widths[i] = Math.max(widths[i], r.get(i).length());
      }
    }
    line(out, headers, widths);
    for (List<String> r : rows) {
      line(out, r, widths);
    }
    out.flush();
  }

  private static void line(PrintWriter out, List<String> cells, int[] widths) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < cells.size(); i++) {
      String c = cells.get(i);
      b.append(c);
      if (i < cells.size() - 1) {
        b.append(" ".repeat(widths[i] - c.length() + 2));
      }
    }
    out.println(b);
  }

  private static String cut(String text, int max) {
    if (text.length() <= max) {
      return text;
    }
    int end = max - 1;
    if (Character.isHighSurrogate(text.charAt(end - 1))) {
      end--; // never split a surrogate pair
    }
    return text.substring(0, end) + "…";
  }
}
