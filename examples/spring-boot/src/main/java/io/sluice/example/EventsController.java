package io.sluice.example;

import io.sluice.Sluice;
import io.sluice.model.InvalidEventException;
import io.sluice.model.TraceEvent;
import io.sluice.model.TraceLevel;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Records one trace event per request; the response carries its id. */
@RestController
class EventsController {
  private final Sluice sluice;

  EventsController(Sluice sluice) {
    this.sluice = sluice;
  }

  /**
   * The request body: {@code {"traceId": "t-1", "eventType": "task_started", "message": "..."}}.
   */
  record TraceRequest(String traceId, String eventType, String agentName, String message) {}

  @PostMapping("/events")
  @ResponseStatus(HttpStatus.ACCEPTED)
  Map<String, UUID> record(@RequestBody TraceRequest r) {
    UUID id =
        sluice.append(
            TraceEvent.builder()
                .traceId(r.traceId())
                .eventType(r.eventType())
                .agentName(r.agentName())
                .level(TraceLevel.INFO)
                .message(r.message())
                .build());
    return Map.of("id", id);
  }

  @ExceptionHandler(InvalidEventException.class)
  @ResponseStatus(HttpStatus.BAD_REQUEST)
  Map<String, String> invalid(InvalidEventException e) {
    return Map.of("error", e.getMessage(), "field", e.field());
  }
}
