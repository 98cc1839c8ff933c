/** {@code serve}: worlds running continuously, paced to the wall clock, observed through metrics and tuned live. */
package dev.scatterbatch.app.serve;
