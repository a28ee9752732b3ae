package io.sluice.example;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * A Spring Boot application that records trace events through Sluice: {@code POST /events} appends
 * one, Sluice drains it to PostgreSQL, and its metrics appear on {@code /actuator/prometheus}.
 *
 * <p>Run it with Chronicle's JVM flags (README, "JVM flags"), e.g. {@code JAVA_TOOL_OPTIONS}.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class ExampleApplication {
  public static void main(String[] args) {
    SpringApplication.run(ExampleApplication.class, args);
  }
}
