/**
 * {@code scatterbatch replay}: JSON Lines ioctl traces (docs/replay.md) run against the host KFD model, one
 * JSON result per input line. A line that cannot be understood gets an error line and changes nothing. Importers turn
 * strace output and decoded KFD ioctl logs of real programs into such traces, with the kernel's recorded answers.
 */
package dev.scatterbatch.host.replay;
