package io.sluice.cli.dlq;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.cli.common.EventJson;
import io.sluice.inspect.ReplayLog;
import io.sluice.model.DeadLetter;
import io.sluice.model.SpooledEvent;
import java.util.Locale;

/**
 * One dead letter as JSON, for {@code dlq list --json} and {@code dlq show --json}:
 *
 * <pre>
 * {"index":84464214835242,"reason":"rejected","sqlstate":"23514","message":"...","attempts":3,
 *  "failed_at":"2026-11-27T08:36:30.123456Z","kind":"metric","id":"0193...","replayed":false,
 *  "replayed_as":null,"replayed_at":null}
 * </pre>
 *
 * {@code index} is the event's index in the main spool; {@code kind} and {@code id} are null when
 * the record does not decode.
 */
final class DeadLetterJson {
  private DeadLetterJson() {}

  static ObjectNode of(DeadLetter d, SpooledEvent event, ReplayLog.Entry replayed) {
    ObjectNode o = EventJson.MAPPER.createObjectNode();
    o.put("index", d.spoolIndex());
    o.put("reason", d.reason() == null ? null : d.reason().name().toLowerCase(Locale.ROOT));
    o.put("sqlstate", d.sqlState());
    o.put("message", d.message());
    o.put("attempts", d.attempts());
    o.put("failed_at", EventJson.time(d.failedAt()));
    o.put("kind", event == null ? null : EventJson.kindName(event.event()));
    o.put("id", event == null ? null : event.id().toString());
    o.put("replayed", replayed != null);
    o.put("replayed_as", replayed == null ? null : replayed.newIndex());
    o.put("replayed_at", replayed == null ? null : replayed.replayedAt().toString());
    return o;
  }
}
