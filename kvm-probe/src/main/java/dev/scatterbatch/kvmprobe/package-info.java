/**
 * {@code probe-kvm}: measures this host's real trap costs through {@code /dev/kvm}, driven from Java with the
 * foreign function and memory API only (no JNI, no QEMU), and maps them to {@link
 * dev.scatterbatch.model.cost.TrapCostProfile} parameters.
 *
 * <p>The FFM plumbing (package-private: {@code Libc}, {@code KvmApi}, {@code KvmDevice}, {@code KvmVm},
 * {@code KvmVcpu}, {@code GuestPrograms}, {@code EventfdBackend}), driven by {@link dev.scatterbatch.kvmprobe.KvmProber},
 * is separate from the model logic a unit test drives without
 * {@code /dev/kvm}: {@link dev.scatterbatch.kvmprobe.Latency} (median and p99), {@link
 * dev.scatterbatch.kvmprobe.GuestMode} (choosing the guest mode), {@link
 * dev.scatterbatch.kvmprobe.TrapCostDerivation} (measurements to profile parameters) and {@link
 * dev.scatterbatch.kvmprobe.ProbeReport} (the table). Figures and method follow docs/kvm-probe.md.
 */
package dev.scatterbatch.kvmprobe;
