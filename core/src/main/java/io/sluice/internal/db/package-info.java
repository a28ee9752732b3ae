/** Connection pools. Internal: may change at any time, not supported for use outside Sluice. */
package io.sluice.internal.db;
