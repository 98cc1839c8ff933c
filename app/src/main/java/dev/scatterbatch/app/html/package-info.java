/**
 * The self-contained HTML report of {@code map}, {@code bench} and {@code sweep}: one file, charts as inline SVG, no
 * script, style sheet, font or image from anywhere else, so it can be attached to a mailing-list thread or a bug.
 */
package dev.scatterbatch.app.html;
