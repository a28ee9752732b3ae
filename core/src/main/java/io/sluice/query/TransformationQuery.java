package io.sluice.query;

import io.sluice.EventKind;
import java.time.Instant;

/**
 * Which transformation events to list: every filter set must match (AND); unset filters match
 * all. Immutable; made by {@link #builder()}. Results are newest first.
 *
 * <p>Fast shapes: by {@code sourceAgent}; by {@code targetAgent}.
 */
public final class TransformationQuery {
  final String sourceAgent;
  final String targetAgent;
  final String transformationType;
  final Paging paging;

  private TransformationQuery(Builder b) {
    this.sourceAgent = b.sourceAgent;
    this.targetAgent = b.targetAgent;
    this.transformationType = b.transformationType;
    this.paging = b.paging.copy();
  }

  public static Builder builder() {
    return new Builder();
  }

  Select select(String columns) {
    return new Select(EventKind.TRANSFORMATION, columns)
        .eq("source_agent", sourceAgent)
        .eq("target_agent", targetAgent)
        .eq("transformation_type", transformationType);
  }

  Select.Order order() {
    return sourceAgent != null || targetAgent != null ? Select.Order.TIME : Select.Order.ID;
  }

  /** Builds a {@link TransformationQuery}; each setter checks its value at once. Not thread-safe. */
  public static final class Builder {
    private String sourceAgent;
    private String targetAgent;
    private String transformationType;
    private final Paging paging = new Paging(EventKind.TRANSFORMATION);

    private Builder() {}

    /** Only hand-overs from this agent. */
    public Builder sourceAgent(String sourceAgent) {
      this.sourceAgent = sourceAgent;
      return this;
    }

    /** Only hand-overs to this agent. */
    public Builder targetAgent(String targetAgent) {
      this.targetAgent = targetAgent;
      return this;
    }

    public Builder transformationType(String transformationType) {
      this.transformationType = transformationType;
      return this;
    }

    /** Only events recorded at or after {@code from}. */
    public Builder from(Instant from) {
      paging.from = from;
      return this;
    }

    /** Only events recorded before {@code to}. */
    public Builder to(Instant to) {
      paging.to = to;
      return this;
    }

    /** Results per page; 1..10,000, default 100. */
    public Builder limit(int limit) {
      paging.limit(limit);
      return this;
    }

    /** Continue after a previous page: pass its {@link Page#nextCursor()}. */
    public Builder after(String cursor) {
      paging.after(cursor);
      return this;
    }

    /** @throws IllegalArgumentException if {@code from} is not before {@code to} */
    public TransformationQuery build() {
      paging.check();
      return new TransformationQuery(this);
    }
  }
}
