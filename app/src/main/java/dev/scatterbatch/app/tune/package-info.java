/**
 * Tuning the model to a machine, independently of the simulation: the grid of a {@code sweep} (its {@code --vary}
 * axes, value parsing and expansion), the sweep's CSV and charts, the design map of {@code map} (which design wins
 * each cell, its CSV and charts), and the least-squares fit of {@code calibrate}
 * with its elasticities and identifiability analysis. Every class here runs against a plain function from a
 * point or profile to results, so unit tests drive it with fake models; the commands plug the simulation in.
 */
package dev.scatterbatch.app.tune;
