/**
 * The spool record layout of events. Internal: the classes in this package may change at any time
 * and are not supported for use outside Sluice.
 */
package io.sluice.internal.codec;
