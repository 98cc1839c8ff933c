package dev.scatterbatch.dashboards;

import java.util.List;
import java.util.Map;

/**
 * A panel's field configuration: the unit and axis range of every series. Scatterbatch panels configure
 * all series alike, so {@code overrides} stays empty.
 *
 * @param defaults  what applies to every field
 * @param overrides per-field exceptions (none)
 */
public record FieldConfig(Defaults defaults, List<Map<String, Object>> overrides) {

    /**
     * Settings of every field.
     *
     * @param unit   a Grafana unit id ({@code s}, {@code ops}, {@code percentunit}, {@code none})
     * @param min    the axis minimum, or null for automatic
     * @param max    the axis maximum, or null for automatic
     * @param custom panel-type specific settings (stacking, scale), or null
     */
    public record Defaults(String unit, Double min, Double max, Map<String, Object> custom) {
    }

    /** Every field in {@code unit}, automatic range. */
    public static FieldConfig unit(String unit) {
        return new FieldConfig(new Defaults(unit, null, null, null), List.of());
    }

    /** The same with the axis fixed to {@code [min, max]}. */
    public FieldConfig withRange(double min, double max) {
        return new FieldConfig(new Defaults(defaults.unit(), min, max, defaults.custom()), overrides);
    }

    /** The same with panel-type specific settings. */
    public FieldConfig withCustom(Map<String, Object> custom) {
        return new FieldConfig(new Defaults(defaults.unit(), defaults.min(), defaults.max(), custom), overrides);
    }
}
