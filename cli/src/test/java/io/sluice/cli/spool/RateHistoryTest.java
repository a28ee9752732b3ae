package io.sluice.cli.spool;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class RateHistoryTest {
  private static final long SECOND = 1_000_000_000L;

  @Test
  void rate_isTheGrowthPerSecondBetweenTheLastTwoSamples() {
    RateHistory h = new RateHistory();
    assertEquals(-1, h.rate());
    h.add(100, 0);
    assertEquals(-1, h.rate(), "one sample is no rate");
    h.add(400, 2 * SECOND);
    assertEquals(150.0, h.rate());
  }

  @Test
  void sparkline_scalesToTheHighestRateOfTheMinute() {
    RateHistory h = new RateHistory();
    long count = 0;
    h.add(count, 0);
    int[] perSecond = {0, 2, 4, 14};
    for (int i = 0; i < perSecond.length; i++) {
      count += perSecond[i];
      h.add(count, (i + 1) * SECOND);
    }
    assertEquals("▁▂▃█", h.sparkline(true));
    assertEquals("_.-#", h.sparkline(false));
  }

  @Test
  void sparkline_keepsOneMinute_andAnUnknownCountRestartsTheRate() {
    RateHistory h = new RateHistory();
    for (int i = 0; i <= 100; i++) {
      h.add(i * 10L, i * SECOND);
    }
    assertEquals(RateHistory.WIDTH, h.sparkline(false).length());
    h.add(-1, 101 * SECOND);
    h.add(5, 102 * SECOND);
    assertEquals(10.0, h.rate(), "no rate across an unknown sample");
  }
}
