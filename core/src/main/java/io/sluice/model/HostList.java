package io.sluice.model;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The server list of a {@link DatabaseConfig}: one host, or several separated by commas ({@code
 * db1,db2}, {@code db1:5432,db2:5433}, {@code [::1]:5432}), each with an optional port (the
 * config's port when absent). Rendered as the host part of a pgjdbc multi-host URL, which tries the
 * hosts in order and, with {@code targetServerType=primary}, keeps the one that accepts writes.
 * Immutable.
 */
record HostList(List<String> hosts, List<Integer> ports) {
  // A name or IPv4 address, or an IPv6 address in brackets; then an optional :port.
  private static final Pattern ENTRY =
      Pattern.compile("(\\[[0-9A-Fa-f:.%a-zA-Z]+]|[A-Za-z0-9_.\\-]+)(?::([0-9]{1,5}))?");
  private static final String EXPECTED =
      "expected HOST or HOST:PORT, several separated by commas, e.g. db1:5432,db2:5432";

  /**
   * Parses {@code spec}; a {@code null} port means "the config's port".
   *
   * @throws IllegalArgumentException naming the bad entry and what is expected
   */
  static HostList parse(String spec) {
    if (spec == null || spec.isBlank()) {
      throw new IllegalArgumentException("host is blank (" + EXPECTED + ")");
    }
    String[] entries = spec.split(",", -1);
    List<String> hosts = new ArrayList<>();
    List<Integer> ports = new ArrayList<>();
    for (int i = 0; i < entries.length; i++) {
      String entry = entries[i].strip();
      String which = entries.length == 1 ? "host" : "host " + (i + 1) + " of " + entries.length;
      if (entry.isEmpty()) {
        throw new IllegalArgumentException(
            which + " is empty in " + Printable.quote(spec) + " (" + EXPECTED + ")");
      }
      Matcher m = ENTRY.matcher(entry);
      if (!m.matches()) {
        throw new IllegalArgumentException(
            which + " is " + Printable.quote(entry) + " (" + EXPECTED + ")");
      }
      Integer port = null;
      if (m.group(2) != null) {
        port = Integer.parseInt(m.group(2));
        if (port < 1 || port > 65_535) {
          throw new IllegalArgumentException(
              which
                  + " has port "
                  + port
                  + " in "
                  + Printable.quote(entry)
                  + " (expected 1..65535)");
        }
      }
      hosts.add(m.group(1));
      ports.add(port);
    }
    return new HostList(List.copyOf(hosts), java.util.Collections.unmodifiableList(ports));
  }

  boolean isMulti() {
    return hosts.size() > 1;
  }

  /** {@code h1:p1,h2:p2}, each missing port replaced by {@code defaultPort}. */
  String render(int defaultPort) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < hosts.size(); i++) {
      if (i > 0) {
        sb.append(',');
      }
      Integer port = ports.get(i);
      sb.append(hosts.get(i)).append(':').append(port == null ? defaultPort : port);
    }
    return sb.toString();
  }
}
