package io.sluice.model;

import static io.sluice.model.EventValidationFixtures.assertRefused;
import static io.sluice.model.EventValidationFixtures.routing;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The alternatives of a routing decision: no nulls, at most a thousand, copied and unmodifiable.
 */
class RoutingAlternativesValidationTest {
  @Test
  void build_alternativesNull_throwsNamingAlternatives() {
    assertRefused("alternatives", () -> routing().alternatives(null).build());
  }

  @Test
  void build_alternativesWithNullEntry_throwsNamingAlternatives() {
    List<RoutingAlternative> withNull = Arrays.asList(new RoutingAlternative("a", 0.1), null);
    InvalidEventException e =
        assertThrows(InvalidEventException.class, () -> routing().alternatives(withNull).build());
    assertTrue(e.field().startsWith("alternatives"), e.field());
    assertTrue(e.getMessage().contains("alternatives"), e.getMessage());
  }

  @Test
  void build_alternativesDefault_isEmpty() {
    RoutingDecision r =
        RoutingDecision.builder()
            .selectedAgent("a")
            .confidenceScore(1)
            .routingStrategy("s")
            .build();
    assertEquals(List.of(), r.alternatives());
    assertEquals("", r.userRequest());
  }

  @Test
  void build_thousandAlternatives_isAcceptedAndOneMoreIsNot() {
    List<RoutingAlternative> many = new ArrayList<>();
    for (int i = 0; i < RoutingDecision.MAX_ALTERNATIVES; i++) {
      many.add(new RoutingAlternative("agent-" + i, i / 1000.0));
    }
    assertEquals(many, routing().alternatives(many).build().alternatives());
    many.add(new RoutingAlternative("one-too-many", 0));
    InvalidEventException e =
        assertRefused("alternatives", () -> routing().alternatives(many).build());
    assertTrue(e.getMessage().contains("1001"), e.getMessage());
  }

  @Test
  void build_alternatives_areCopiedAndUnmodifiable() {
    List<RoutingAlternative> mutable = new ArrayList<>(List.of(new RoutingAlternative("a", 0.1)));
    RoutingDecision r = routing().alternatives(mutable).build();
    mutable.add(new RoutingAlternative("b", 0.2));
    assertEquals(List.of(new RoutingAlternative("a", 0.1)), r.alternatives());
    assertThrows(
        UnsupportedOperationException.class,
        () -> r.alternatives().add(new RoutingAlternative("c", 0.3)));
  }
}
