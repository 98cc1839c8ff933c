/**
 * The host's AMD KFD as {@code docs/kfd.md} specifies it: a process with its devices (pdd, idr
 * handles, GPU VM), userptr BOs ({@link dev.scatterbatch.host.kfd.KgdMem}) with their ranges and notifiers in both
 * batch ABIs, the system-memory limit, the ioctls with every check in the kernel's order, and the userptr
 * eviction/restore state machine on the virtual clock. Costs are charged to a
 * {@link dev.scatterbatch.model.cost.CostLedger} from the current {@link dev.scatterbatch.model.cost.TrapCostProfile}.
 * {@link dev.scatterbatch.host.kfd.KfdProcess} is the entry point.
 */
package dev.scatterbatch.host.kfd;
