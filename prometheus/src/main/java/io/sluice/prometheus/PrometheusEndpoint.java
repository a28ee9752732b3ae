package io.sluice.prometheus;

import com.codahale.metrics.MetricRegistry;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.instrumentation.dropwizard.DropwizardExports;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.sluice.model.SluiceException;
import java.io.IOException;

/**
 * Serves the {@code sluice.<instance>.*} metrics of a Dropwizard registry as Prometheus text on
 * {@code http://host:port/metrics}, with the Prometheus client's own HTTP server and Dropwizard
 * bridge (no hand-written exposition). Names and labels follow Prometheus conventions through the
 * bridge's label mapper ({@link PrometheusNames}: {@code sluice_<area>_<name>_<unit>} with labels
 * {@code sluice_instance} and {@code spool}). Off unless configured; loopback by default.
 */
final class PrometheusEndpoint implements AutoCloseable {
  private final HTTPServer server;

  private PrometheusEndpoint(HTTPServer server) {
    this.server = server;
  }

  /**
   * Starts serving; {@code port} 0 picks a free port ({@link #port()}).
   *
   * @throws SluiceException naming host and port when the port cannot be bound
   */
  public static PrometheusEndpoint start(
      MetricRegistry registry, String instance, String spoolId, String host, int port) {
    PrometheusRegistry prometheus = new PrometheusRegistry();
    DropwizardExports.builder()
        .dropwizardRegistry(registry)
        .metricFilter((name, metric) -> PrometheusNames.exported(instance, name))
        .customLabelMapper(PrometheusNames.mapper(instance, spoolId))
        .register(prometheus);
    try {
      return new PrometheusEndpoint(
          HTTPServer.builder().hostname(host).port(port).registry(prometheus).buildAndStart());
    } catch (IOException e) {
      throw new SluiceException(
          "Prometheus endpoint cannot listen on "
              + host
              + ":"
              + port
              + ": "
              + e.getMessage()
              + " (expected a free port). Choose another port (SLUICE_PROMETHEUS_PORT) or stop"
              + " the process that holds it.",
          e);
    }
  }

  /** The port it listens on. */
  public int port() {
    return server.getPort();
  }

  @Override
  public void close() {
    server.close();
  }
}
