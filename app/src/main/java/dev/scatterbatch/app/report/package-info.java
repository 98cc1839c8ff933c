/** What {@code bench} prints: the per-scenario results and their table, JSON and CSV forms. */
package dev.scatterbatch.app.report;
