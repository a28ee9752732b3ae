package io.sluice.prometheus;

import com.codahale.metrics.MetricRegistry;
import io.sluice.internal.ops.MetricsEndpoint;

/**
 * How sluice-core finds {@link PrometheusEndpoint}: listed in {@code
 * META-INF/services/io.sluice.internal.ops.MetricsEndpoint$Provider}, so adding this module to the
 * class path is all it takes for {@code SLUICE_PROMETHEUS_PORT} to work.
 */
public final class PrometheusEndpointProvider implements MetricsEndpoint.Provider {
  @Override
  public MetricsEndpoint start(
      MetricRegistry registry, String instance, String spoolId, String host, int port) {
    PrometheusEndpoint endpoint = PrometheusEndpoint.start(registry, instance, spoolId, host, port);
    return new MetricsEndpoint() {
      @Override
      public int port() {
        return endpoint.port();
      }

      @Override
      public void close() {
        endpoint.close();
      }
    };
  }
}
