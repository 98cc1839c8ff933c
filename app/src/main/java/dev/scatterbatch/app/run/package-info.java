/**
 * Assembling and running a simulated world: the guests' benchmark apps, the hypervisor's scheduler and VMMs,
 * and the host kernel, wired by the direct transport (plain calls) or the event-bus transport (verticles).
 */
package dev.scatterbatch.app.run;
