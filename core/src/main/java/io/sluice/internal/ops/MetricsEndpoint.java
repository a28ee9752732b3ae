package io.sluice.internal.ops;

import com.codahale.metrics.MetricRegistry;
import io.sluice.model.SluiceException;
import java.util.Iterator;
import java.util.ServiceLoader;

/**
 * An HTTP endpoint serving one Sluice's metrics. The core has none of its own: the optional module
 * {@code io.sluice:sluice-prometheus} provides one ({@link Provider}, found with {@link
 * ServiceLoader}), so applications that export metrics another way (Micrometer, their own
 * Dropwizard reporter) carry no HTTP server and no exposition library.
 */
public interface MetricsEndpoint extends AutoCloseable {
  /** The port it listens on. */
  int port();

  @Override
  void close();

  /** Starts endpoints; registered in {@code META-INF/services} by the module that has one. */
  interface Provider {
    /**
     * Starts serving the {@code sluice.<instance>.*} metrics of {@code registry}, labelled with the
     * instance and {@code spoolId}; port 0 picks a free port.
     *
     * @throws SluiceException naming host and port when the port cannot be bound
     */
    MetricsEndpoint start(
        MetricRegistry registry, String instance, String spoolId, String host, int port);
  }

  /**
   * Starts the endpoint of the first provider on the class path.
   *
   * @throws SluiceException if no module provides one
   */
  static MetricsEndpoint start(
      MetricRegistry registry, String instance, String spoolId, String host, int port) {
    Iterator<Provider> providers =
        ServiceLoader.load(Provider.class, MetricsEndpoint.class.getClassLoader()).iterator();
    if (!providers.hasNext()) {
      throw new SluiceException(
          instance
              + ": the Prometheus endpoint is configured (port "
              + port
              + ", SLUICE_PROMETHEUS_PORT or OperationsConfig.prometheus) but no module provides"
              + " it (expected io.sluice:sluice-prometheus on the class path). Add that dependency,"
              + " or unset the port and export the metrics another way (sluice-micrometer).");
    }
    return providers.next().start(registry, instance, spoolId, host, port);
  }
}
