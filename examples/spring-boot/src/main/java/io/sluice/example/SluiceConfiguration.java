package io.sluice.example;

import io.sluice.Sluice;
import io.sluice.micrometer.SluiceMeterBinder;
import io.sluice.model.DatabaseConfig;
import io.sluice.model.SluiceConfig;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Sluice as a bean: started with the context, closed with it (undrained events stay spooled). */
@Configuration(proxyBeanMethods = false)
class SluiceConfiguration {
  @Bean(destroyMethod = "close")
  Sluice sluice(SluiceProperties p) {
    DatabaseConfig.Builder database = DatabaseConfig.builder().jdbcUrl(p.jdbcUrl()).user(p.user());
    if (p.password() != null && !p.password().isEmpty()) {
      database.password(p.password());
    }
    return Sluice.start(
        SluiceConfig.builder()
            .instanceName(p.instanceName())
            .spoolDirectory(p.spoolDirectory())
            .database(database.build())
            .build());
  }

  /**
   * Spring Boot binds every MeterBinder bean to its registry: /actuator/prometheus shows Sluice.
   */
  @Bean(destroyMethod = "close")
  SluiceMeterBinder sluiceMetrics(Sluice sluice) {
    return new SluiceMeterBinder(sluice);
  }
}
