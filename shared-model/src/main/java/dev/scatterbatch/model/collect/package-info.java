/**
 * Primitive collections for the model's hot paths: structures the simulation changes on every ioctl, kept in arrays
 * so they neither box nor allocate per element.
 */
package dev.scatterbatch.model.collect;
