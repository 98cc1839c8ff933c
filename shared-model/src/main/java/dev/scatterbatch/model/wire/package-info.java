/**
 * What crosses between the guest, the hypervisor and the host GPU: message records (each with a local and a
 * JSON wire codec in the verticle layer) and the event-bus addresses. Guest requests carry their virtual issue
 * time and the guest's own sequence number, so the hypervisor orders them the same way however the messages
 * interleave.
 */
package dev.scatterbatch.model.wire;
