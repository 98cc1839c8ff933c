package dev.scatterbatch.model.uapi;

import static dev.scatterbatch.model.uapi.KfdStructLayout.Access.IN;
import static dev.scatterbatch.model.uapi.KfdStructLayout.Access.IN_OUT;
import static dev.scatterbatch.model.uapi.KfdStructLayout.Access.OUT;
import static dev.scatterbatch.model.uapi.KfdStructLayout.Access.PAD;

/**
 * The argument structs of {@code include/uapi/linux/kfd_ioctl.h} (KFD 1.18) by C field name, for every command the
 * model knows. Field access follows the kernel handlers: an {@code OUT} field is written by the kernel, an
 * {@code IN_OUT} one read and rewritten.
 */
public final class KfdIoctlLayouts {

    private KfdIoctlLayouts() {
    }

    /** {@code struct kfd_ioctl_get_version_args}. */
    public static final KfdStructLayout GET_VERSION = KfdStructLayout.of("kfd_ioctl_get_version_args")
            .u32("major_version", OUT).u32("minor_version", OUT).build();
    /** {@code struct kfd_ioctl_create_queue_args} (96 bytes since 1.17, with {@code sdma_engine_id}). */
    public static final KfdStructLayout CREATE_QUEUE = KfdStructLayout.of("kfd_ioctl_create_queue_args")
            .u64("ring_base_address", IN).u64("write_pointer_address", IN).u64("read_pointer_address", IN)
            .u64("doorbell_offset", OUT).u32("ring_size", IN_OUT).u32("gpu_id", IN).u32("queue_type", IN)
            .u32("queue_percentage", IN).u32("queue_priority", IN).u32("queue_id", OUT)
            .u64("eop_buffer_address", IN).u64("eop_buffer_size", IN).u64("ctx_save_restore_address", IN)
            .u32("ctx_save_restore_size", IN).u32("ctl_stack_size", IN).u32("sdma_engine_id", IN).u32("pad", PAD).build();
    /** {@code struct kfd_ioctl_destroy_queue_args}. */
    public static final KfdStructLayout DESTROY_QUEUE = KfdStructLayout.of("kfd_ioctl_destroy_queue_args")
            .u32("queue_id", IN).u32("pad", PAD).build();
    /** {@code struct kfd_ioctl_set_memory_policy_args}. */
    public static final KfdStructLayout SET_MEMORY_POLICY = KfdStructLayout.of("kfd_ioctl_set_memory_policy_args")
            .u64("alternate_aperture_base", IN).u64("alternate_aperture_size", IN).u32("gpu_id", IN)
            .u32("default_policy", IN).u32("alternate_policy", IN).u32("misc_process_flag", IN).build();
    /** {@code struct kfd_ioctl_get_clock_counters_args}. */
    public static final KfdStructLayout GET_CLOCK_COUNTERS = KfdStructLayout.of("kfd_ioctl_get_clock_counters_args")
            .u64("gpu_clock_counter", OUT).u64("cpu_clock_counter", OUT).u64("system_clock_counter", OUT)
            .u64("system_clock_freq", OUT).u32("gpu_id", IN).u32("pad", PAD).build();
    /** Size of {@code struct kfd_process_device_apertures}. */
    public static final int APERTURES_ENTRY_SIZE = 56;
    /** {@code NUM_OF_SUPPORTED_GPUS}: entries in the old GET_PROCESS_APERTURES struct. */
    public static final int NUM_OF_SUPPORTED_GPUS = 7;
    /** {@code struct kfd_ioctl_get_process_apertures_args}: 7 entries then the count. */
    public static final KfdStructLayout GET_PROCESS_APERTURES = KfdStructLayout.of("kfd_ioctl_get_process_apertures_args")
            .bytes("process_apertures", NUM_OF_SUPPORTED_GPUS * APERTURES_ENTRY_SIZE)
            .u32("num_of_nodes", OUT).u32("pad", PAD).build();
    /** {@code struct kfd_ioctl_update_queue_args}. */
    public static final KfdStructLayout UPDATE_QUEUE = KfdStructLayout.of("kfd_ioctl_update_queue_args")
            .u64("ring_base_address", IN).u32("queue_id", IN).u32("ring_size", IN).u32("queue_percentage", IN)
            .u32("queue_priority", IN).build();
    /** {@code struct kfd_ioctl_create_event_args}. */
    public static final KfdStructLayout CREATE_EVENT = KfdStructLayout.of("kfd_ioctl_create_event_args")
            .u64("event_page_offset", IN_OUT).u32("event_trigger_data", OUT).u32("event_type", IN)
            .u32("auto_reset", IN).u32("node_id", IN).u32("event_id", OUT).u32("event_slot_index", OUT).build();
    /** {@code struct kfd_ioctl_destroy_event_args}, also SET_EVENT's and RESET_EVENT's. */
    public static final KfdStructLayout EVENT_ID = KfdStructLayout.of("kfd_ioctl_destroy_event_args")
            .u32("event_id", IN).u32("pad", PAD).build();
    /** {@code struct kfd_ioctl_wait_events_args}. */
    public static final KfdStructLayout WAIT_EVENTS = KfdStructLayout.of("kfd_ioctl_wait_events_args")
            .u64("events_ptr", IN).u32("num_events", IN).u32("wait_for_all", IN).u32("timeout", IN_OUT)
            .u32("wait_result", OUT).build();
    /** Size of {@code struct kfd_event_data}; its {@code event_id} is at offset 40. */
    public static final int EVENT_DATA_SIZE = 48;
    /** {@code struct kfd_ioctl_get_tile_config_args}. */
    public static final KfdStructLayout GET_TILE_CONFIG = KfdStructLayout.of("kfd_ioctl_get_tile_config_args")
            .u64("tile_config_ptr", IN).u64("macro_tile_config_ptr", IN).u32("num_tile_configs", IN_OUT)
            .u32("num_macro_tile_configs", IN_OUT).u32("gpu_id", IN).u32("gb_addr_config", OUT)
            .u32("num_banks", OUT).u32("num_ranks", OUT).build();
    /** {@code struct kfd_ioctl_set_trap_handler_args}. */
    public static final KfdStructLayout SET_TRAP_HANDLER = KfdStructLayout.of("kfd_ioctl_set_trap_handler_args")
            .u64("tba_addr", IN).u64("tma_addr", IN).u32("gpu_id", IN).u32("pad", PAD).build();
    /** {@code struct kfd_ioctl_get_process_apertures_new_args}. */
    public static final KfdStructLayout GET_PROCESS_APERTURES_NEW = KfdStructLayout.of("kfd_ioctl_get_process_apertures_new_args")
            .u64("kfd_process_device_apertures_ptr", IN).u32("num_of_nodes", IN_OUT).u32("pad", PAD).build();
    /** {@code struct kfd_ioctl_acquire_vm_args}. */
    public static final KfdStructLayout ACQUIRE_VM = KfdStructLayout.of("kfd_ioctl_acquire_vm_args")
            .u32("drm_fd", IN).u32("gpu_id", IN).build();
    /** {@code struct kfd_ioctl_alloc_memory_of_gpu_args}. */
    public static final KfdStructLayout ALLOC_MEMORY_OF_GPU = KfdStructLayout.of("kfd_ioctl_alloc_memory_of_gpu_args")
            .u64("va_addr", IN).u64("size", IN).u64("handle", OUT).u64("mmap_offset", IN_OUT).u32("gpu_id", IN)
            .u32("flags", IN).build();
    /** {@code struct kfd_ioctl_free_memory_of_gpu_args}. */
    public static final KfdStructLayout FREE_MEMORY_OF_GPU = KfdStructLayout.of("kfd_ioctl_free_memory_of_gpu_args")
            .u64("handle", IN).build();
    /** {@code struct kfd_ioctl_map_memory_to_gpu_args}, also UNMAP's. */
    public static final KfdStructLayout MAP_MEMORY_TO_GPU = KfdStructLayout.of("kfd_ioctl_map_memory_to_gpu_args")
            .u64("handle", IN).u64("device_ids_array_ptr", IN).u32("n_devices", IN).u32("n_success", IN_OUT).build();
    /** {@code struct kfd_ioctl_svm_args} without its attributes. */
    public static final KfdStructLayout SVM = KfdStructLayout.of("kfd_ioctl_svm_args")
            .u64("start_addr", IN).u64("size", IN).u32("op", IN).u32("nattr", IN).build();
    /** {@code struct kfd_ioctl_set_xnack_mode_args}. */
    public static final KfdStructLayout SET_XNACK_MODE = KfdStructLayout.of("kfd_ioctl_set_xnack_mode_args")
            .s32("xnack_enabled", IN_OUT).build();
    /** {@code struct kfd_ioctl_get_available_memory_args}. */
    public static final KfdStructLayout AVAILABLE_MEMORY = KfdStructLayout.of("kfd_ioctl_get_available_memory_args")
            .u64("available", OUT).u32("gpu_id", IN).u32("pad", PAD).build();
    /** {@code struct kfd_ioctl_runtime_enable_args}. */
    public static final KfdStructLayout RUNTIME_ENABLE = KfdStructLayout.of("kfd_ioctl_runtime_enable_args")
            .u64("r_debug", IN).u32("mode_mask", IN).u32("capabilities_mask", IN).build();
    /** The batch series v2 struct. */
    public static final KfdStructLayout ALLOC_MEMORY_OF_GPU_BATCH = KfdStructLayout.of("kfd_ioctl_alloc_memory_of_gpu_batch_args")
            .u64("va_addr", IN).u64("total_size", IN).u64("handle", OUT).u64("ranges_ptr", IN).u32("num_ranges", IN)
            .u32("gpu_id", IN).u32("flags", IN).u32("pad", PAD).build();
    /** The batch series v1 struct. */
    public static final KfdStructLayout SVM_RANGES = KfdStructLayout.of("kfd_ioctl_svm_ranges_args")
            .u64("start_addr", IN).u64("size", IN).u32("op", IN).u32("nattr", IN).u64("attrs_ptr", IN)
            .u32("nranges", IN).u32("pad", PAD).u64("ranges_ptr", IN).build();
    /** No argument. */
    public static final KfdStructLayout NONE = KfdStructLayout.of("(none)").build();
}
