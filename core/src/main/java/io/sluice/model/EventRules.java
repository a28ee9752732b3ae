package io.sluice.model;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import java.io.IOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The field rules every event obeys, checked in the events' constructors so a built event is a
 * valid one. Characters PostgreSQL cannot store (NUL, unpaired surrogates) are checked while
 * encoding, in the same pass that converts to UTF-8.
 */
final class EventRules {
  /** Longest name-like field (ids, agent names, types), in characters. */
  static final int MAX_NAME_CHARS = 256;

  /** Longest free-text field (message, request, reasoning), in characters. */
  static final int MAX_TEXT_CHARS = 65_536;

  static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
  static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999Z");

  private static final JsonFactory JSON =
      JsonFactory.builder()
          .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64).build())
          .build();

  private EventRules() {}

  static String name(EventKind kind, String field, String value) {
    if (value == null || value.isBlank()) {
      throw new InvalidEventException(kind, field, value, nameRule());
    }
    return optionalName(kind, field, value);
  }

  static String optionalName(EventKind kind, String field, String value) {
    if (value != null && value.length() > MAX_NAME_CHARS) {
      throw new InvalidEventException(kind, field, value, nameRule());
    }
    return value;
  }

  private static String nameRule() {
    return "a non-blank string of at most " + MAX_NAME_CHARS + " characters";
  }

  static String text(EventKind kind, String field, String value) {
    if (value == null) {
      throw new InvalidEventException(kind, field, null, textRule());
    }
    return optionalText(kind, field, value);
  }

  static String optionalText(EventKind kind, String field, String value) {
    if (value != null && value.length() > MAX_TEXT_CHARS) {
      throw new InvalidEventException(kind, field, value, textRule());
    }
    return value;
  }

  private static String textRule() {
    return "a string of at most " + MAX_TEXT_CHARS + " characters";
  }

  static <T> T required(EventKind kind, String field, T value, String rule) {
    if (value == null) {
      throw new InvalidEventException(kind, field, null, rule);
    }
    return value;
  }

  // Built once: formatting two Instants on every event cost a quarter of a microsecond.
  private static final String TIME_RULE = "an instant between " + EARLIEST + " and " + LATEST;

  static Instant time(EventKind kind, Instant value) {
    required(kind, "occurred_at", value, TIME_RULE);
    if (value.isBefore(EARLIEST) || value.isAfter(LATEST)) {
      throw new InvalidEventException(kind, "occurred_at", value, TIME_RULE);
    }
    return value.truncatedTo(ChronoUnit.MICROS);
  }

  static double finite(EventKind kind, String field, double value) {
    if (!Double.isFinite(value)) {
      throw new InvalidEventException(kind, field, value, "a finite number");
    }
    return value;
  }

  static double unitInterval(EventKind kind, String field, double value) {
    if (!(value >= 0.0 && value <= 1.0)) {
      throw new InvalidEventException(kind, field, value, "a number from 0 to 1");
    }
    return value;
  }

  /**
   * Checks that {@code json} is one well-formed JSON object (or null) that PostgreSQL's jsonb can
   * hold, and returns it unchanged.
   */
  static String jsonObject(EventKind kind, String field, String json) {
    if (json == null || DecodeScope.isDecoding()) {
      // Decoding a spool record whose checksum matched: this text was validated before it was
      // appended, and parsing it again was a fifth of the drainer's time.
      return json;
    }
    if (PlainJsonObject.certainly(json)) {
      return json; // the common case, without a parser; anything else Jackson decides and words
    }
    return parsedJsonObject(kind, field, json);
  }

  /** {@link #jsonObject}'s full check: Jackson's token walk, and every refusal's message. */
  static String parsedJsonObject(EventKind kind, String field, String json) {
    String rule = "a JSON object such as {\"key\": \"value\"}";
    try (JsonParser p = JSON.createParser(json)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new InvalidEventException(kind, field, json, rule);
      }
      // Check decoded strings, not the raw text: jsonb refuses an escaped NUL or unpaired
      // surrogate, but accepts an escaped backslash then "u0000". Refuse here, not in the drainer.
      for (int depth = 1; depth > 0; ) {
        JsonToken t = p.nextToken();
        if (t == null) {
          throw new InvalidEventException(kind, field, json, rule + " that is closed");
        } else if (t.isStructStart()) {
          depth++;
        } else if (t.isStructEnd()) {
          depth--;
        } else if (t == JsonToken.FIELD_NAME || t == JsonToken.VALUE_STRING) {
          String bad = notStorableInJsonb(p.getText());
          if (bad != null) {
            String why = " without " + bad + ", which PostgreSQL's jsonb cannot store";
            throw new InvalidEventException(kind, field, json, rule + why);
          }
        }
      }
      if (p.nextToken() != null) {
        throw new InvalidEventException(kind, field, json, rule + " and nothing after it");
      }
    } catch (JsonProcessingException e) {
      throw new InvalidEventException(
          kind, field, json, rule + "; the parser says: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new IllegalStateException("reading a String cannot fail", e);
    }
    return json;
  }

  /** What in a decoded JSON string jsonb cannot store, or null if nothing. */
  private static String notStorableInJsonb(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == 0) {
        return "\\u0000";
      }
      boolean pair =
          Character.isHighSurrogate(c)
              && i + 1 < s.length()
              && Character.isLowSurrogate(s.charAt(i + 1));
      if (pair) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return "unpaired surrogates such as \\ud800";
      }
    }
    return null;
  }
}
