/**
 * {@code scatterbatch replay}: JSON Lines ioctl traces (DESIGN section 6.3) run against the host KFD model, one
 * JSON result per input line. A line that cannot be understood gets an error line and changes nothing.
 */
package dev.scatterbatch.host.replay;
