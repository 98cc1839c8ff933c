/** The registration scenarios a benchmark compares (docs/architecture.md §1). */
package dev.scatterbatch.model.scenario;
