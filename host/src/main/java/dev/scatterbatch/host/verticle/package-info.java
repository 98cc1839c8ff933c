/**
 * The host's Vert.x adapters: the host kernel and the hypervisor behind event-bus consumers, and the
 * event-bus ports the hypervisor's scheduler uses to reach guests and host.
 */
package dev.scatterbatch.host.verticle;
