package io.sluice.model;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DatabaseConfigHostsTest {

  @Test
  void oneHost_plainUrl() {
    DatabaseConfig c = DatabaseConfig.builder().host("db").database("app").build();
    assertEquals("jdbc:postgresql://db:5432/app", c.jdbcUrl());
  }

  @Test
  void oneHostWithPort_portOfTheEntryWins() {
    DatabaseConfig c = DatabaseConfig.builder().host("db:6000").port(5433).build();
    assertEquals("jdbc:postgresql://db:6000/postgres", c.jdbcUrl());
  }

  @Test
  void environment_twoHosts_multiHostUrlForThePrimary() {
    DatabaseConfig c =
        DatabaseConfig.fromEnvironment(Map.of("POSTGRES_HOST", "h1,h2", "POSTGRES_DATABASE", "app"))
            .build();
    assertEquals("jdbc:postgresql://h1:5432,h2:5432/app?targetServerType=primary", c.jdbcUrl());
  }

  @Test
  void environment_hostsWithPorts_postgresPortIsTheDefaultPort() {
    DatabaseConfig c =
        DatabaseConfig.fromEnvironment(
                Map.of(
                    "POSTGRES_HOST", " h1:5432 , h2:5433,h3,[::1]:6000",
                    "POSTGRES_PORT", "7000"))
            .build();
    assertEquals(
        "jdbc:postgresql://h1:5432,h2:5433,h3:7000,[::1]:6000/postgres?targetServerType=primary",
        c.jdbcUrl());
  }

  @Test
  void builder_targetServerTypeProperty_winsOverTheDefault() {
    DatabaseConfig c =
        DatabaseConfig.builder()
            .host("h1,h2")
            .jdbcProperty("targetServerType", "preferPrimary")
            .build();
    assertEquals("jdbc:postgresql://h1:5432,h2:5432/postgres", c.jdbcUrl());
    assertEquals("preferPrimary", c.poolProperties("p", "a").get("dataSource.targetServerType"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"h1,,h2", "h1,", ",h1", "h1:abc", "h1:70000", "h1/x", "h 1", "h1:"})
  void environment_malformedHostList_refusedNamingTheVariableAndTheEntry(String bad) {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                DatabaseConfig.fromEnvironment(
                    Map.of("POSTGRES_HOST", bad, "POSTGRES_PASSWORD", "s3cret-pw")));
    String m = e.getMessage();
    assertAll(
        () -> assertTrue(m.contains("POSTGRES_HOST"), m),
        () -> assertTrue(m.contains("HOST:PORT") || m.contains("1..65535"), m),
        () -> assertTrue(m.contains("host"), m),
        () -> assertFalse(m.contains("s3cret-pw"), m));
  }

  @Test
  void malformedEntry_messageSaysWhichOne() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> DatabaseConfig.builder().host("a,b:x,c"));
    assertTrue(e.getMessage().contains("host 2 of 3 is \"b:x\""), e.getMessage());
  }

  @Test
  void toString_multiHost_neverShowsThePassword() {
    DatabaseConfig c =
        DatabaseConfig.fromEnvironment(
                Map.of("POSTGRES_HOST", "h1,h2", "POSTGRES_PASSWORD", "s3cret-pw"))
            .build();
    assertFalse(c.toString().contains("s3cret-pw"), c.toString());
    assertFalse(c.jdbcUrl().contains("s3cret-pw"), c.jdbcUrl());
    assertTrue(c.toString().contains("h1:5432,h2:5432"), c.toString());
  }
}
