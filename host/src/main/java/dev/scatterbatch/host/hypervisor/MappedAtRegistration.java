package dev.scatterbatch.host.hypervisor;

/**
 * A path whose registration also maps the buffer for the GPU (the SVM designs: SET_ATTR or SVM_RANGES maps what the
 * GPU may access): the guest still forwards MAP and UNMAP, and the VMM has nothing to do for them.
 */
sealed interface MappedAtRegistration extends RegistrationPath permits SvmPinnedPath, SvmPath {

    @Override
    default VmmResult map(VmmCall call, GuestBuffer b, int[] slots) {
        return VmmResult.OK;
    }

    @Override
    default VmmResult unmap(VmmCall call, GuestBuffer b, int[] slots) {
        return VmmResult.OK;
    }
}
