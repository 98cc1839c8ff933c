/**
 * {@code scatterbatch replay}: JSON Lines ioctl traces (docs/replay.md) run against the host KFD model, one
 * JSON result per input line. A line that cannot be understood gets an error line and changes nothing.
 */
package dev.scatterbatch.host.replay;
