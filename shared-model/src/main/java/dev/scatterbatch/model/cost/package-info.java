/**
 * The cost model: every per-operation cost as a named {@link dev.scatterbatch.model.cost.Parameter} with a
 * unit, a default, a valid range and a source; {@link dev.scatterbatch.model.cost.TrapCostProfile} holds one
 * value for each, loaded from YAML with inheritance from {@code default}.
 */
package dev.scatterbatch.model.cost;
