/** The registration scenarios a benchmark compares (DESIGN section 1). */
package dev.scatterbatch.model.scenario;
