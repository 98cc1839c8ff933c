package dev.scatterbatch.host.mm;

/** Why a range is invalidated ({@code enum mmu_notifier_event}, the cases the model distinguishes). */
public enum MmuNotifierEvent {
    /** The mapping goes away ({@code munmap}, {@code mmap} over it, {@code mremap} moving its pages). */
    UNMAP,
    /** The pages change under a mapping that stays (swap-out, migration, THP split, KSM merge). */
    CLEAR
}
