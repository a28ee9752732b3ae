package io.sluice.query;

import io.sluice.model.EventKind;

/**
 * Which transformation events to list: every filter set must match (AND); unset filters match all.
 * Immutable; made by {@link #builder()}. Results are newest first.
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

  /**
   * Builds a {@link TransformationQuery}; each setter checks its value at once. Not thread-safe.
   */
  public static final class Builder extends PagedBuilder<Builder> {
    private String sourceAgent;
    private String targetAgent;
    private String transformationType;

    private Builder() {
      super(EventKind.TRANSFORMATION);
    }

    @Override
    Builder self() {
      return this;
    }

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

    /**
     * @throws IllegalArgumentException if {@code from} is not before {@code to}
     */
    public TransformationQuery build() {
      paging.check();
      return new TransformationQuery(this);
    }
  }
}
