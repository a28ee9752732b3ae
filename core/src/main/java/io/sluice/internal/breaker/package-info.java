/** The circuit breaker around database writes. Internal: may change at any time. */
package io.sluice.internal.breaker;
