package dev.scatterbatch.dashboards;

/**
 * Where a panel sits on Grafana's 24-column grid.
 *
 * @param h height in grid rows
 * @param w width in columns (1 to 24)
 * @param x left column
 * @param y top row
 */
public record GridPos(int h, int w, int x, int y) {
}
