/**
 * Operations: metrics, health, retention and the Prometheus endpoint. Internal: may change at any
 * time, not supported for use outside Sluice.
 */
package io.sluice.internal.ops;
