package io.sluice.example;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code sluice.*} keys of {@code application.properties}.
 *
 * @param spoolDirectory where the spool lives (local disk, one per application instance)
 * @param instanceName prefix of Sluice's threads and logs, and the metrics' {@code instance} tag
 * @param jdbcUrl the PostgreSQL to drain to
 * @param user its role
 * @param password its password (from the environment or a secret store, not the file)
 */
@ConfigurationProperties("sluice")
public record SluiceProperties(
    Path spoolDirectory, String instanceName, String jdbcUrl, String user, String password) {}
