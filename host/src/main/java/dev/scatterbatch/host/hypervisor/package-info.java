/**
 * The hypervisor: the virtual-time scheduler that orders every guest's requests and the host's own events,
 * the cost of a forwarded request (kick exit, VMM wake-up and decode, completion interrupt), and the VMM's
 * registration strategies that turn a guest buffer's scatter list into host KFD ioctls.
 */
package dev.scatterbatch.host.hypervisor;
