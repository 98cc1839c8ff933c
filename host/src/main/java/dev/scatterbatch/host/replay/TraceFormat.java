package dev.scatterbatch.host.replay;

import java.io.BufferedReader;
import java.io.IOException;
import java.util.List;
import java.util.Locale;

/** The formats {@code replay --from} reads, and recognising them by content ({@code bench --workload-from-trace}). */
public enum TraceFormat {
    /** The replay's own JSON Lines. */
    JSONL,
    /** {@code strace -f -y -e trace=ioctl,mmap,munmap,mremap,madvise,mbind -X verbose} output. */
    STRACE,
    /** Decoded KFD ioctl logs ({@code <t> ms + <dur> ms : <ret> = AMDKFD_IOC_NAME field:value ...}). */
    IOCTL_LOG;

    /** The format named {@code name} as {@code --from} takes it ({@code strace}, {@code ioctl-log}, {@code jsonl}). */
    public static TraceFormat byName(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "jsonl" -> JSONL;
            case "strace" -> STRACE;
            case "ioctl-log" -> IOCTL_LOG;
            default -> throw new IllegalArgumentException("--from " + name + " is not a format replay reads (jsonl, strace, ioctl-log)");
        };
    }

    /** The format of {@code firstLines}: a JSON object line is JSONL, an {@code AMDKFD_IOC_NAME field:} log line the log. */
    public static TraceFormat recognise(List<String> firstLines) {
        for (String l : firstLines) {
            String s = l.strip();
            if (s.isEmpty() || s.startsWith("#")) continue;
            if (s.startsWith("{")) return JSONL;
            if (s.matches(".*\\bms\\b.*:.*=\\s*AMDKFD_IOC_\\w+.*") || s.matches("^-?\\d+\\s*=\\s*AMDKFD_IOC_.*")
                    || s.matches(".*ioctl idir=\\d+.*")) {
                return IOCTL_LOG;
            }
            if (s.matches("^(\\[pid\\s+\\d+]\\s+)?([\\d:.]+\\s+)?\\w+\\(.*")) return STRACE;
        }
        return JSONL;
    }

    /** The replay trace (JSON Lines) of {@code in} read as this format. */
    public List<String> toJsonLines(BufferedReader in) throws IOException {
        return switch (this) {
            case JSONL -> in.lines().toList();
            case STRACE -> StraceImport.convert(in);
            case IOCTL_LOG -> IoctlLogImport.convert(in);
        };
    }
}
