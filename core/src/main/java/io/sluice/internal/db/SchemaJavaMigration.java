package io.sluice.internal.db;

import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.migration.JavaMigration;

/**
 * What Sluice's Java migrations (V7, V10: their backfills compute sketches, which SQL cannot)
 * share: a fixed version, a description, a checksum that is the version (bump it only if a
 * migration's DDL ever changes, which it must not once released), and one transaction with the
 * migration's DDL.
 */
abstract class SchemaJavaMigration implements JavaMigration {
  private final int version;
  private final String description;

  SchemaJavaMigration(int version, String description) {
    this.version = version;
    this.description = description;
  }

  @Override
  public final MigrationVersion getVersion() {
    return MigrationVersion.fromVersion(Integer.toString(version));
  }

  @Override
  public final String getDescription() {
    return description;
  }

  @Override
  public final Integer getChecksum() {
    return version;
  }

  @Override
  public final boolean canExecuteInTransaction() {
    return true;
  }
}
