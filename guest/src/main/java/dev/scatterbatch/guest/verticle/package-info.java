/** The guest's Vert.x adapter: the benchmark app behind an event-bus consumer. */
package dev.scatterbatch.guest.verticle;
