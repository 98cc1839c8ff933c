/**
 * The KFD user-space ABI as the kernel defines it ({@code include/uapi/linux/kfd_ioctl.h} plus the batch userptr
 * series): errno values, allocation flags, ioctl command numbers computed from the {@code _IOC} encoding, the
 * argument structs as records with their exact byte layout, handle encoding, and {@link
 * dev.scatterbatch.model.uapi.UserMemory}, the process memory the kernel copies arguments from.
 */
package dev.scatterbatch.model.uapi;
