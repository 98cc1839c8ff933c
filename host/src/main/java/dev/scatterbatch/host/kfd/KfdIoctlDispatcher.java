package dev.scatterbatch.host.kfd;

import dev.scatterbatch.model.cost.CostLedger;
import dev.scatterbatch.model.cost.TrapCostProfile;
import dev.scatterbatch.model.uapi.AllocMemoryOfGpuArgs;
import dev.scatterbatch.model.uapi.AllocMemoryOfGpuBatchArgs;
import dev.scatterbatch.model.uapi.AvailableMemoryArgs;
import dev.scatterbatch.model.uapi.Errno;
import dev.scatterbatch.model.uapi.FreeMemoryOfGpuArgs;
import dev.scatterbatch.model.uapi.IoctlCommand;
import dev.scatterbatch.model.uapi.IoctlResult;
import dev.scatterbatch.model.uapi.KfdIoctlArgs;
import dev.scatterbatch.model.uapi.KfdIoctlStruct;
import dev.scatterbatch.model.uapi.MapMemoryToGpuArgs;
import dev.scatterbatch.model.uapi.SvmArgs;
import dev.scatterbatch.model.uapi.UserMemory;

import java.util.Arrays;
import java.util.Optional;

/**
 * {@code kfd_ioctl()} for a command number inside the command range: the kernel's own definition of the command
 * decides the direction and struct size; the user's {@code _IOC_SIZE} decides how many bytes are copied.
 */
final class KfdIoctlDispatcher {

    private KfdIoctlDispatcher() {
    }

    static IoctlResult<? extends KfdIoctlArgs> dispatch(KfdProcess process, int cmd, long arg, UserMemory user,
                                                        TrapCostProfile p, CostLedger ledger) {
        int nr = IoctlCommand.nrOf(cmd);
        int usize = IoctlCommand.sizeOf(cmd);
        Optional<IoctlCommand> known = IoctlCommand.byNr(nr);
        if (known.isEmpty() || known.get() == IoctlCommand.CREATE_PROCESS) {
            // every other KFD command copies its struct in or out: through a faulting pointer the answer is -EFAULT
            if (known.isEmpty() && usize > 0 && user.copyFromUser(arg, usize) == null) {
                return new IoctlResult<>(Errno.EFAULT.ret(), null);
            }
            throw new UnmodelledIoctlException(known.map(IoctlCommand::kernelName).orElse("AMDKFD ioctl"), nr);
        }
        IoctlCommand command = known.get();
        int ksize = command.size();
        byte[] kdata = new byte[Math.max(ksize, usize)];
        if (command.direction().copiesIn()) {
            byte[] in = user.copyFromUser(arg, usize);
            if (in == null) return new IoctlResult<>(Errno.EFAULT.ret(), null);
            System.arraycopy(in, 0, kdata, 0, usize);
        }
        byte[] struct = Arrays.copyOf(kdata, ksize);
        IoctlResult<? extends KfdIoctlArgs> result = switch (command) {
            case GET_VERSION -> process.getVersion();
            case ALLOC_MEMORY_OF_GPU -> process.alloc(AllocMemoryOfGpuArgs.decode(struct), user, p, ledger);
            case ALLOC_MEMORY_OF_GPU_BATCH -> process.allocBatch(AllocMemoryOfGpuBatchArgs.decode(struct), user, p, ledger);
            case FREE_MEMORY_OF_GPU -> process.free(FreeMemoryOfGpuArgs.decode(struct), p, ledger);
            case MAP_MEMORY_TO_GPU -> process.map(MapMemoryToGpuArgs.decode(struct), user, p, ledger);
            case UNMAP_MEMORY_FROM_GPU -> process.unmap(MapMemoryToGpuArgs.decode(struct), user, p, ledger);
            case SVM -> process.svmSetAttr(SvmArgs.decode(struct));
            case AVAILABLE_MEMORY -> process.available(AvailableMemoryArgs.decode(struct));
            case CREATE_PROCESS -> throw new IllegalStateException("handled above");
            default -> {
                KfdIoctlStruct a = new KfdIoctlStruct(command.layout(), struct);
                yield new IoctlResult<>(process.chardev().handle(command, a, user), a);
            }
        };
        System.arraycopy(result.args().encode(), 0, kdata, 0, ksize);
        int ret = result.ret();
        if (command.direction().copiesOut() && !user.copyToUser(arg, Arrays.copyOf(kdata, usize))) ret = Errno.EFAULT.ret();
        return new IoctlResult<>(ret, result.args());
    }
}
