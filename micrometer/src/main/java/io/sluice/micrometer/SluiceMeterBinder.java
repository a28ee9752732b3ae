package io.sluice.micrometer;

import com.codahale.metrics.Counter;
import com.codahale.metrics.Gauge;
import com.codahale.metrics.Histogram;
import com.codahale.metrics.Meter;
import com.codahale.metrics.Metric;
import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.MetricRegistryListener;
import com.codahale.metrics.Timer;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.sluice.Sluice;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Publishes one {@link Sluice}'s metrics on a Micrometer {@link MeterRegistry}: Spring Boot
 * Actuator ({@code /actuator/prometheus}), or any other Micrometer backend.
 *
 * <pre>{@code
 * new SluiceMeterBinder(sluice).bindTo(meterRegistry);   // Spring Boot: declare it as a @Bean
 * }</pre>
 *
 * <p>The meters read Sluice's own metrics when the registry is scraped; nothing is added to the
 * append path. Names drop the instance into a tag: {@code sluice.<instance>.spool.appends} becomes
 * {@code sluice.spool.appends{instance=<instance>}} (Prometheus: {@code
 * sluice_spool_appends_total}); HikariCP's pool metrics become {@code sluice.db.pool.*} with a
 * {@code pool} tag ({@code writer}, {@code reader}). Counters and meters are function counters,
 * gauges are gauges, and timers and histograms are published as their count plus the median, 99th
 * percentile and maximum of Dropwizard's recent sample (tag {@code quantile}).
 *
 * <p>Metrics Sluice registers later (the query pool's, on first use) follow, and meters are removed
 * when the Sluice closes. {@link #close()} removes them too. Thread-safe.
 */
public final class SluiceMeterBinder implements MeterBinder, AutoCloseable {
  private static final double[] QUANTILES = {0.5, 0.99};

  private final MetricRegistry source;
  private final String instance;
  private final String prefix;
  private final List<Listener> listeners = new ArrayList<>();

  /** A binder for {@code sluice}'s metrics ({@link Sluice#metricRegistry()}). */
  public SluiceMeterBinder(Sluice sluice) {
    this(sluice.metricRegistry(), sluice.instanceName());
  }

  /** A binder for the {@code sluice.<instance>.*} metrics of {@code source}. */
  public SluiceMeterBinder(MetricRegistry source, String instance) {
    this.source = Objects.requireNonNull(source, "source");
    this.instance = Objects.requireNonNull(instance, "instance");
    this.prefix = "sluice." + instance + ".";
  }

  @Override
  public synchronized void bindTo(MeterRegistry registry) {
    Listener listener = new Listener(registry);
    listeners.add(listener);
    source.addListener(listener); // also replays the metrics already registered
  }

  /** Removes every meter this binder added and stops following the Sluice's metrics. */
  @Override
  public synchronized void close() {
    for (Listener l : listeners) {
      source.removeListener(l);
      for (String name : List.copyOf(l.bound.keySet())) {
        l.onRemoved(name);
      }
    }
    listeners.clear();
  }

  /** The Micrometer name and tags of a Dropwizard name, or null when it is not this instance's. */
  static Named map(String dropwizardName, String prefix, String instance) {
    if (!dropwizardName.startsWith(prefix)) {
      return null;
    }
    String[] parts = dropwizardName.substring(prefix.length()).split("\\.");
    Tags tags = Tags.of("instance", instance);
    StringBuilder name = new StringBuilder("sluice");
    int from = 0;
    if (parts.length >= 4 && parts[0].equals("db") && parts[2].equals("pool")) {
      tags = tags.and("pool", parts[1]); // db.<role>.pool.<HikariCP name>
      name.append(".db.pool");
      from = 3;
    }
    for (int i = from; i < parts.length; i++) {
      name.append('.').append(snake(parts[i]));
    }
    return new Named(name.toString(), tags);
  }

  /** {@code ActiveConnections} to {@code active.connections}; snake_case names stay as they are. */
  private static String snake(String part) {
    StringBuilder out = new StringBuilder(part.length() + 4);
    for (int i = 0; i < part.length(); i++) {
      char c = part.charAt(i);
      if (Character.isUpperCase(c)) {
        if (i > 0) {
          out.append('.');
        }
        out.append(Character.toLowerCase(c));
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  record Named(String name, Tags tags) {}

  private final class Listener implements MetricRegistryListener {
    private final MeterRegistry registry;
    private final Map<String, List<io.micrometer.core.instrument.Meter>> bound =
        new ConcurrentHashMap<>();

    Listener(MeterRegistry registry) {
      this.registry = registry;
    }

    private void add(String dropwizardName, Metric metric) {
      Named n = map(dropwizardName, prefix, instance);
      if (n == null) {
        return;
      }
      List<io.micrometer.core.instrument.Meter> meters = new ArrayList<>();
      if (metric instanceof Counter c) {
        meters.add(
            FunctionCounter.builder(n.name(), c, Counter::getCount)
                .tags(n.tags())
                .register(registry));
      } else if (metric instanceof Meter m) {
        meters.add(
            FunctionCounter.builder(n.name(), m, Meter::getCount)
                .tags(n.tags())
                .register(registry));
      } else if (metric instanceof Gauge<?> g) {
        meters.add(
            io.micrometer.core.instrument.Gauge.builder(n.name(), g, SluiceMeterBinder::value)
                .tags(n.tags())
                .register(registry));
      } else if (metric instanceof Timer t) {
        meters.add(
            FunctionCounter.builder(n.name() + ".count", t, Timer::getCount)
                .tags(n.tags())
                .register(registry));
        for (double q : QUANTILES) {
          meters.add(
              TimeGauge.builder(n.name(), t, TimeUnit.NANOSECONDS, x -> x.getSnapshot().getValue(q))
                  .tags(n.tags().and("quantile", String.valueOf(q)))
                  .register(registry));
        }
        meters.add(
            TimeGauge.builder(
                    n.name() + ".max", t, TimeUnit.NANOSECONDS, x -> x.getSnapshot().getMax())
                .tags(n.tags())
                .register(registry));
      } else if (metric instanceof Histogram h) {
        meters.add(
            FunctionCounter.builder(n.name() + ".count", h, Histogram::getCount)
                .tags(n.tags())
                .register(registry));
        for (double q : QUANTILES) {
          meters.add(
              io.micrometer.core.instrument.Gauge.builder(
                      n.name(), h, x -> x.getSnapshot().getValue(q))
                  .tags(n.tags().and("quantile", String.valueOf(q)))
                  .register(registry));
        }
        meters.add(
            io.micrometer.core.instrument.Gauge.builder(
                    n.name() + ".max", h, x -> x.getSnapshot().getMax())
                .tags(n.tags())
                .register(registry));
      }
      bound.merge(
          dropwizardName,
          meters,
          (a, b) -> {
            List<io.micrometer.core.instrument.Meter> all = new ArrayList<>(a);
            all.addAll(b);
            return all;
          });
    }

    void onRemoved(String dropwizardName) {
      List<io.micrometer.core.instrument.Meter> meters = bound.remove(dropwizardName);
      if (meters != null) {
        meters.forEach(registry::remove);
      }
    }

    @Override
    public void onGaugeAdded(String name, Gauge<?> gauge) {
      add(name, gauge);
    }

    @Override
    public void onGaugeRemoved(String name) {
      onRemoved(name);
    }

    @Override
    public void onCounterAdded(String name, Counter counter) {
      add(name, counter);
    }

    @Override
    public void onCounterRemoved(String name) {
      onRemoved(name);
    }

    @Override
    public void onHistogramAdded(String name, Histogram histogram) {
      add(name, histogram);
    }

    @Override
    public void onHistogramRemoved(String name) {
      onRemoved(name);
    }

    @Override
    public void onMeterAdded(String name, Meter meter) {
      add(name, meter);
    }

    @Override
    public void onMeterRemoved(String name) {
      onRemoved(name);
    }

    @Override
    public void onTimerAdded(String name, Timer timer) {
      add(name, timer);
    }

    @Override
    public void onTimerRemoved(String name) {
      onRemoved(name);
    }
  }

  private static double value(Gauge<?> gauge) {
    Object v = gauge.getValue();
    return v instanceof Number n ? n.doubleValue() : Double.NaN;
  }
}
