/**
 * Vert.x event-bus plumbing: one message codec per shared-model record, passing records by reference inside
 * a JVM and as JSON between JVMs, and the failure codes replies carry.
 */
package dev.scatterbatch.bus;
