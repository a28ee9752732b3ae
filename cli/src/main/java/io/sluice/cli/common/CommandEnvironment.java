package io.sluice.cli.common;

import java.util.Map;

/**
 * What a command reads from the {@code sluice} root command: the environment variables of this run
 * (tests pass their own). Commands declare {@code @ParentCommand CommandEnvironment root}, so the
 * command-group packages depend on this, not on the root command that lists them (no package
 * cycle).
 */
public interface CommandEnvironment {
  /** The environment variables this run reads its settings from. */
  Map<String, String> env();
}
