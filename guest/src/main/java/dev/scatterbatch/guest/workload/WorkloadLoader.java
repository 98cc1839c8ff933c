package dev.scatterbatch.guest.workload;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.scatterbatch.guest.memory.Aging;
import dev.scatterbatch.guest.memory.Fragmentation;
import dev.scatterbatch.guest.memory.Fragmentation.Aged;
import dev.scatterbatch.guest.memory.Fragmentation.FixedRuns;
import dev.scatterbatch.guest.memory.Fragmentation.Placement;
import dev.scatterbatch.guest.memory.Fragmentation.RunLength;
import dev.scatterbatch.guest.memory.Fragmentation.RunLengths;
import dev.scatterbatch.model.config.ByteSizes;
import dev.scatterbatch.model.config.ConfigDocuments;
import dev.scatterbatch.model.config.ConfigNodes;
import dev.scatterbatch.model.cost.ConfigException;
import dev.scatterbatch.model.cost.Durations;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static dev.scatterbatch.model.config.ConfigNodes.join;

/**
 * Loads {@link Workload}s from bundled names or YAML files, and changes their fields by path ({@code --set}
 * for sweeps). Every wrong type, unknown field and out-of-range value is reported at once, each naming the
 * file and the field path ({@code seed-opencl.yaml: buffers[0].size ...}). Sizes take binary units
 * ({@code 16000KiB}, {@code 2MiB}); durations need a unit ({@code 42.898ms}).
 */
public final class WorkloadLoader {

    /** Workloads shipped with scatterbatch, loadable by name. */
    public static final List<String> BUNDLED = List.of("seed-opencl", "scatter-4000", "llm-7b", "sd-comfyui");

    private static final String DESCRIPTION = "description";
    private static final String ITERATIONS = "iterations";
    private static final String GUEST_MEMORY = "guestMemory";
    private static final String HUGE_PAGE_POOL = "hugePagePool";
    private static final String COMPUTE = "compute";
    private static final String SCORE_REFERENCE = "scoreReference";
    private static final String BUFFERS = "buffers";
    private static final String HOST_MEMORY_EVENTS = "hostMemoryEvents";
    private static final String NAME = "name";
    private static final String COUNT = "count";
    private static final String SIZE = "size";
    private static final String LIFETIME = "lifetime";
    private static final String HUGE_PAGES = "hugePages";
    private static final String FRAGMENTATION = "fragmentation";
    private static final String KIND = "kind";
    private static final String RUN_PAGES = "runPages";
    private static final String RUNS = "runs";
    private static final String WEIGHT = "weight";
    private static final String PLACEMENT = "placement";
    private static final String AGING = "aging";
    private static final String SPAN = "span";
    private static final String MIN_BLOCK = "minBlock";
    private static final String MAX_BLOCK = "maxBlock";
    private static final String FREE_FRACTION = "freeFraction";
    private static final String RATE = "rate";
    /** {@code computeNs=N} in overrides: the compute time in ns, a bare number allowed. */
    private static final String COMPUTE_NS = "computeNs";

    private static final Set<String> TOP_KEYS = Set.of(DESCRIPTION, ITERATIONS, GUEST_MEMORY, HUGE_PAGE_POOL, COMPUTE,
            SCORE_REFERENCE, BUFFERS, HOST_MEMORY_EVENTS);
    private static final Set<String> BUFFER_KEYS = Set.of(NAME, COUNT, SIZE, LIFETIME, HUGE_PAGES, FRAGMENTATION);
    private static final Set<String> AGING_KEYS = Set.of(SPAN, MIN_BLOCK, MAX_BLOCK, FREE_FRACTION);
    private static final Set<String> EVENT_KEYS = Set.of(RATE, SIZE);
    private static final String KINDS = FixedRuns.KIND + ", " + RunLengths.KIND + " or " + Aged.KIND;

    private static final long MAX_BYTES = 1L << 44; // 16 TiB
    private static final long MAX_COMPUTE_NS = 3_600_000_000_000L; // an hour
    private static final double MAX_RATE = 1e9;
    private static final double MAX_WEIGHT = 1e9;
    private static final YAMLMapper YAML_WRITER = YAMLMapper.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER, YAMLGenerator.Feature.SPLIT_LINES)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES).build();
    private static final Pattern SEGMENT = Pattern.compile("([A-Za-z][A-Za-z0-9]*)((?:\\[\\d+])*)");
    private static final Pattern INDEX = Pattern.compile("\\[(\\d+)]");

    private WorkloadLoader() {
    }

    /**
     * The workload a user names: a bundled workload name, or the path of a YAML file.
     *
     * @throws ConfigException when it is neither, or the file is invalid
     */
    public static Workload load(String nameOrPath) {
        String bundled = BUNDLED.contains(nameOrPath) ? ConfigDocuments.readResource("/workloads/" + nameOrPath + ".yaml") : null;
        if (bundled != null) return parse(bundled, nameOrPath + ".yaml", nameOrPath);
        Path path = Path.of(nameOrPath);
        if (!Files.isRegularFile(path)) {
            throw new ConfigException("unknown workload '" + nameOrPath + "': not a bundled workload ("
                    + String.join(", ", BUNDLED) + ") and no such file");
        }
        String name = path.getFileName().toString().replaceFirst("\\.ya?ml$", "");
        return parse(ConfigDocuments.readFile(path), path.toString(), name);
    }

    /** Parses workload YAML text; {@code source} names it in errors, {@code name} becomes the workload's name. */
    public static Workload parse(String yaml, String source, String name) {
        JsonNode root = ConfigDocuments.yaml(yaml, source);
        if (!root.isObject()) {
            throw new ConfigException(source + ": a workload must be a mapping of fields to values, got " + ConfigNodes.describe(root));
        }
        return new Reader(source).workload(root, name);
    }

    /**
     * Applies {@code path=value} overrides to a workload ({@code buffers[0].size=8MiB},
     * {@code buffers[0].fragmentation.runPages=4}, {@code compute=20ms} or {@code computeNs=20000000},
     * {@code hostMemoryEvents.swapOut.rate=5}); the result is validated as a whole, like a file.
     *
     * @throws ConfigException naming each malformed override, path that does not exist and invalid value
     */
    public static Workload withOverrides(Workload workload, List<String> assignments) {
        if (assignments.isEmpty()) return workload;
        ObjectNode tree = toTree(workload);
        Reader reader = new Reader(workload.name() + " with " + String.join(", ", assignments));
        for (String assignment : assignments) {
            int eq = assignment.indexOf('=');
            if (eq <= 0) {
                reader.nodes.problem(assignment, "is not path=value, such as buffers[0].size=8MiB");
                continue;
            }
            String path = assignment.substring(0, eq).trim();
            String value = assignment.substring(eq + 1).trim();
            if (path.equals(COMPUTE_NS)) {
                path = COMPUTE;
                if (value.matches("\\d+")) value += "ns";
            }
            JsonNode node = value.isEmpty() ? TextNode.valueOf(value) : ConfigDocuments.yaml(value, "--set " + assignment);
            reader.set(tree, path, node);
        }
        reader.nodes.throwIfAny();
        return reader.workload(tree, workload.name());
    }

    /** The workload as YAML that {@link #parse} reads back to an equal workload. */
    public static String toYaml(Workload workload) {
        try {
            return YAML_WRITER.writeValueAsString(toTree(workload));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a workload tree is always writable", e);
        }
    }

    private static ObjectNode toTree(Workload w) {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        root.put(DESCRIPTION, w.description());
        root.put(ITERATIONS, w.iterations());
        root.put(GUEST_MEMORY, ByteSizes.format(w.guestMemoryBytes()));
        root.put(HUGE_PAGE_POOL, ByteSizes.format(w.hugePagePoolBytes()));
        root.put(COMPUTE, Durations.format(w.computeNs()));
        root.put(SCORE_REFERENCE, w.scoreReference());
        ArrayNode buffers = root.putArray(BUFFERS);
        for (BufferSpec b : w.buffers()) {
            ObjectNode buffer = buffers.addObject();
            buffer.put(NAME, b.name());
            buffer.put(COUNT, b.count());
            buffer.put(SIZE, ByteSizes.format(b.sizeBytes()));
            buffer.put(LIFETIME, b.lifetime().label());
            buffer.put(HUGE_PAGES, b.hugePages());
            ObjectNode f = buffer.putObject(FRAGMENTATION);
            f.put(KIND, b.fragmentation().kind());
            switch (b.fragmentation()) {
                case FixedRuns fixed -> f.put(RUN_PAGES, fixed.runPages());
                case RunLengths lengths -> {
                    ArrayNode runs = f.putArray(RUNS);
                    for (RunLength r : lengths.runs()) runs.addObject().put(SIZE, ByteSizes.format(r.bytes())).put(WEIGHT, r.weight());
                }
                case Aged aged -> {
                    f.put(PLACEMENT, aged.placement().label());
                    f.putObject(AGING)
                            .put(SPAN, ByteSizes.format(aged.aging().spanBytes()))
                            .put(MIN_BLOCK, ByteSizes.format(aged.aging().minBlockBytes()))
                            .put(MAX_BLOCK, ByteSizes.format(aged.aging().maxBlockBytes()))
                            .put(FREE_FRACTION, aged.aging().freeFraction());
                }
            }
        }
        ObjectNode events = root.putObject(HOST_MEMORY_EVENTS);
        w.hostMemoryEvents().rates().forEach((kind, rate) ->
                events.putObject(kind.key()).put(RATE, rate.perSecond()).put(SIZE, ByteSizes.format(rate.bytes())));
        return root;
    }

    /** Reads one workload tree, recording every problem before throwing them together. */
    private static final class Reader {

        final ConfigNodes nodes;

        Reader(String source) {
            this.nodes = new ConfigNodes(source);
        }

        Workload workload(JsonNode root, String name) {
            nodes.onlyKeys(root, "", TOP_KEYS);
            String description = nodes.text(root.get(DESCRIPTION), DESCRIPTION, "");
            long iterations = whole(root.get(ITERATIONS), ITERATIONS, 100, 1, 10_000_000);
            long guestMemory = size(required(root, GUEST_MEMORY), GUEST_MEMORY, 0, ByteSizes.HUGE_PAGE, MAX_BYTES, ByteSizes.HUGE_PAGE);
            long pool = size(root.get(HUGE_PAGE_POOL), HUGE_PAGE_POOL, 0, 0, MAX_BYTES, ByteSizes.HUGE_PAGE);
            if (pool > guestMemory && guestMemory > 0) {
                nodes.problem(HUGE_PAGE_POOL, "= " + ByteSizes.format(pool) + " is larger than " + GUEST_MEMORY + " = " + ByteSizes.format(guestMemory));
            }
            long computeNs = nodes.duration(required(root, COMPUTE), COMPUTE, 0);
            nodes.durationRange(COMPUTE, computeNs, 0, MAX_COMPUTE_NS);
            double scoreReference = real(root.get(SCORE_REFERENCE), SCORE_REFERENCE, 200_000, 1, 1e12);
            boolean memoryKnown = wholePages(guestMemory, ByteSizes.HUGE_PAGE) && pool % ByteSizes.HUGE_PAGE == 0 && pool <= guestMemory;
            List<BufferSpec> buffers = buffers(required(root, BUFFERS), memoryKnown ? guestMemory - pool : -1, pool);
            HostMemoryEvents events = events(root.get(HOST_MEMORY_EVENTS));
            nodes.throwIfAny();
            return new Workload(name, description, (int) iterations, guestMemory, pool, computeNs, scoreReference, buffers, events);
        }

        private List<BufferSpec> buffers(JsonNode node, long normalBytes, long poolBytes) {
            List<BufferSpec> buffers = new ArrayList<>();
            if (node == null) return buffers;
            if (!node.isArray() || node.isEmpty()) {
                nodes.problem(BUFFERS, "must be a list of at least one buffer, got " + ConfigNodes.describe(node));
                return buffers;
            }
            Set<String> names = new HashSet<>();
            Map<Boolean, Map.Entry<String, Aging>> firstAged = new HashMap<>();
            long[] regionBytes = new long[2];
            for (int i = 0; i < node.size(); i++) {
                String field = BUFFERS + "[" + i + "]";
                JsonNode b = nodes.object(node.get(i), field);
                if (b == null) continue;
                nodes.onlyKeys(b, field, BUFFER_KEYS);
                String name = nodes.text(required(b, field, NAME), join(field, NAME), "");
                if (!name.isEmpty() && !names.add(name)) nodes.problem(join(field, NAME), "= '" + name + "' names an earlier buffer too");
                long count = whole(b.get(COUNT), join(field, COUNT), 1, 1, 1_000_000);
                boolean huge = nodes.bool(b.get(HUGE_PAGES), join(field, HUGE_PAGES), false);
                if (huge && poolBytes == 0) nodes.problem(join(field, HUGE_PAGES), "is true but the workload has no " + HUGE_PAGE_POOL);
                long granule = huge ? ByteSizes.HUGE_PAGE : ByteSizes.PAGE;
                long size = size(required(b, field, SIZE), join(field, SIZE), 0, granule, MAX_BYTES, granule);
                BufferLifetime lifetime = choice(b.get(LIFETIME), join(field, LIFETIME), BufferLifetime.ITERATION, BufferLifetime::label);
                Fragmentation fragmentation = fragmentation(required(b, field, FRAGMENTATION), join(field, FRAGMENTATION),
                        wholePages(size, granule) ? size : 0, huge);
                if (fragmentation instanceof Aged aged) {
                    Map.Entry<String, Aging> first = firstAged.putIfAbsent(huge, Map.entry(field, aged.aging()));
                    if (first != null && !first.getValue().equals(aged.aging())) {
                        nodes.problem(join(join(field, FRAGMENTATION), AGING), "differs from " + join(join(first.getKey(), FRAGMENTATION), AGING)
                                + ": the guest's page allocator has one history, so the aged buffers of one region share it");
                    }
                }
                if (wholePages(size, granule) && !(huge && poolBytes == 0)) regionBytes[huge ? 1 : 0] += count * size;
                if (fragmentation != null) buffers.add(new BufferSpec(name, (int) count, size, lifetime, huge, fragmentation));
            }
            if (normalBytes >= 0) { // else the memory sizes are wrong, and said so
                fits(regionBytes[0], normalBytes, "the normal region (" + GUEST_MEMORY + " - " + HUGE_PAGE_POOL + ")");
                fits(regionBytes[1], poolBytes, "the " + HUGE_PAGE_POOL);
            }
            return buffers;
        }

        private static boolean wholePages(long bytes, long granule) {
            return bytes >= granule && bytes <= MAX_BYTES && bytes % granule == 0;
        }

        private void fits(long needed, long available, String region) {
            if (needed > available) {
                nodes.problem(BUFFERS, "need " + ByteSizes.format(needed) + " of " + region + " at once, but it has "
                        + ByteSizes.format(available));
            }
        }

        private Fragmentation fragmentation(JsonNode node, String field, long sizeBytes, boolean huge) {
            JsonNode f = nodes.object(node, field);
            if (f == null) return null;
            String kindField = join(field, KIND);
            String kind = nodes.text(f.get(KIND), kindField, null);
            if (kind == null) {
                if (f.get(KIND) == null) nodes.problem(kindField, "is required: " + KINDS);
                return null;
            }
            long granule = huge ? ByteSizes.HUGE_PAGE : ByteSizes.PAGE;
            return switch (kind) {
                case FixedRuns.KIND -> {
                    nodes.onlyKeys(f, field, Set.of(KIND, RUN_PAGES));
                    String runField = join(field, RUN_PAGES);
                    long runPages = whole(required(f, field, RUN_PAGES), runField, 1, 1, MAX_BYTES / ByteSizes.PAGE);
                    long runBytes = runPages * ByteSizes.PAGE;
                    if (runBytes % granule != 0) {
                        nodes.problem(runField, "= " + runPages + " is not a whole number of 2MiB pages (512 pages), as a huge-page buffer needs");
                    } else if (sizeBytes > 0 && sizeBytes % runBytes != 0) {
                        nodes.problem(runField, "= " + runPages + " does not divide the buffer's size " + ByteSizes.format(sizeBytes)
                                + " into whole runs of " + ByteSizes.format(runBytes));
                    }
                    yield new FixedRuns(runPages);
                }
                case RunLengths.KIND -> {
                    nodes.onlyKeys(f, field, Set.of(KIND, RUNS));
                    yield runLengths(required(f, field, RUNS), join(field, RUNS), granule);
                }
                case Aged.KIND -> {
                    nodes.onlyKeys(f, field, Set.of(KIND, PLACEMENT, AGING));
                    Placement placement = choice(f.get(PLACEMENT), join(field, PLACEMENT), Placement.FIRST_FIT, Placement::label);
                    Aging aging = aging(f.get(AGING), join(field, AGING));
                    yield aging == null ? null : new Aged(aging, placement);
                }
                default -> {
                    nodes.problem(kindField, "= '" + kind + "' is not a fragmentation kind: " + KINDS);
                    yield null;
                }
            };
        }

        private RunLengths runLengths(JsonNode node, String field, long granule) {
            if (node == null) return null;
            if (!node.isArray() || node.isEmpty()) {
                nodes.problem(field, "must be a list of at least one {size, weight}, got " + ConfigNodes.describe(node));
                return null;
            }
            List<RunLength> lengths = new ArrayList<>();
            for (int i = 0; i < node.size(); i++) {
                String entry = field + "[" + i + "]";
                JsonNode r = nodes.object(node.get(i), entry);
                if (r == null) continue;
                nodes.onlyKeys(r, entry, Set.of(SIZE, WEIGHT));
                long size = size(required(r, entry, SIZE), join(entry, SIZE), 0, granule, MAX_BYTES, granule);
                double weight = nodes.real(r.get(WEIGHT), join(entry, WEIGHT), 1);
                if (!(weight > 0 && weight <= MAX_WEIGHT)) {
                    nodes.problem(join(entry, WEIGHT), "= " + weight + " is out of range: allowed above 0 up to " + (long) MAX_WEIGHT);
                } else if (wholePages(size, granule)) {
                    lengths.add(new RunLength(size, weight));
                }
            }
            return lengths.size() == node.size() ? new RunLengths(lengths) : null;
        }

        private Aging aging(JsonNode node, String field) {
            Aging d = Aging.DEFAULT;
            JsonNode a = nodes.object(node, field);
            if (a == null) return node == null ? d : null;
            nodes.onlyKeys(a, field, AGING_KEYS);
            long span = size(a.get(SPAN), join(field, SPAN), d.spanBytes(), 0, MAX_BYTES, ByteSizes.PAGE);
            long min = size(a.get(MIN_BLOCK), join(field, MIN_BLOCK), d.minBlockBytes(), ByteSizes.PAGE, MAX_BYTES, ByteSizes.PAGE);
            long max = size(a.get(MAX_BLOCK), join(field, MAX_BLOCK), d.maxBlockBytes(), ByteSizes.PAGE, MAX_BYTES, ByteSizes.PAGE);
            if (max < min) {
                nodes.problem(join(field, MAX_BLOCK), "= " + ByteSizes.format(max) + " is smaller than " + MIN_BLOCK + " = " + ByteSizes.format(min));
            }
            double freeFraction = real(a.get(FREE_FRACTION), join(field, FREE_FRACTION), d.freeFraction(), 0, 1);
            try {
                return new Aging(span, min, max, freeFraction);
            } catch (IllegalArgumentException e) {
                return null; // the checks above have recorded why
            }
        }

        private HostMemoryEvents events(JsonNode node) {
            JsonNode e = nodes.object(node, HOST_MEMORY_EVENTS);
            if (e == null) return HostMemoryEvents.NONE;
            nodes.onlyKeys(e, HOST_MEMORY_EVENTS, Arrays.stream(HostMemoryEventKind.values()).map(HostMemoryEventKind::key)
                    .collect(Collectors.toSet()));
            Map<HostMemoryEventKind, HostMemoryEventRate> rates = new EnumMap<>(HostMemoryEventKind.class);
            for (HostMemoryEventKind kind : HostMemoryEventKind.values()) {
                String field = join(HOST_MEMORY_EVENTS, kind.key());
                JsonNode k = nodes.object(e.get(kind.key()), field);
                if (k == null) continue;
                nodes.onlyKeys(k, field, EVENT_KEYS);
                double rate = real(k.get(RATE), join(field, RATE), 0, 0, MAX_RATE);
                long bytes = size(k.get(SIZE), join(field, SIZE), kind.defaultBytes(), ByteSizes.PAGE, MAX_BYTES, ByteSizes.PAGE);
                rates.put(kind, new HostMemoryEventRate(rate, bytes));
            }
            return new HostMemoryEvents(rates);
        }

        /** Sets {@code path} (such as {@code buffers[0].fragmentation.runPages}) in {@code tree} to {@code value}. */
        void set(ObjectNode tree, String path, JsonNode value) {
            String[] segments = path.split("\\.", -1);
            JsonNode current = tree;
            String shown = "";
            for (int s = 0; s < segments.length; s++) {
                Matcher m = SEGMENT.matcher(segments[s]);
                if (!m.matches()) {
                    nodes.problem(path, "is not a field path such as buffers[0].size or hostMemoryEvents.swapOut.rate");
                    return;
                }
                if (!(current instanceof ObjectNode parent)) {
                    nodes.problem(shown, "is not a mapping, so it has no field " + m.group(1));
                    return;
                }
                String key = m.group(1);
                shown = join(shown, key);
                List<Integer> indexes = INDEX.matcher(m.group(2)).results().map(r -> Integer.parseInt(r.group(1))).toList();
                boolean last = s == segments.length - 1;
                if (last && indexes.isEmpty()) {
                    parent.set(key, value);
                    return;
                }
                JsonNode child = parent.get(key);
                if (child == null && indexes.isEmpty()) child = parent.putObject(key); // validation names it unknown
                for (int i = 0; i < indexes.size(); i++) {
                    int index = indexes.get(i);
                    if (child == null || !child.isArray()) {
                        nodes.problem(shown, "is not a list");
                        return;
                    }
                    if (index >= child.size()) {
                        nodes.problem(shown + "[" + index + "]", "does not exist: " + shown + " has " + child.size() + " entries");
                        return;
                    }
                    shown += "[" + index + "]";
                    if (last && i == indexes.size() - 1) {
                        ((ArrayNode) child).set(index, value);
                        return;
                    }
                    child = child.get(index);
                }
                current = child;
            }
        }

        private JsonNode required(JsonNode parent, String key) {
            return required(parent, "", key);
        }

        private JsonNode required(JsonNode parent, String parentField, String key) {
            JsonNode node = parent.get(key);
            if (node == null || node.isNull()) nodes.problem(join(parentField, key), "is required");
            return node;
        }

        private long whole(JsonNode node, String field, long fallback, long lo, long hi) {
            long v = nodes.whole(node, field, Long.MIN_VALUE);
            if (v == Long.MIN_VALUE) return fallback; // absent, or a problem is recorded
            nodes.range(field, v, lo, hi, Long.toString(v));
            return v < lo || v > hi ? fallback : v; // the problem is recorded; later checks must not divide by a 0
        }

        private double real(JsonNode node, String field, double fallback, double lo, double hi) {
            double v = nodes.real(node, field, Double.NaN);
            if (Double.isNaN(v)) return fallback;
            nodes.range(field, v, lo, hi, ConfigNodes.describe(node));
            return v;
        }

        private long size(JsonNode node, String field, long fallback, long lo, long hi, long multiple) {
            long v = nodes.bytes(node, field, Long.MIN_VALUE);
            if (v == Long.MIN_VALUE) return fallback;
            if (v < lo || v > hi) {
                nodes.problem(field, "= " + ByteSizes.format(v) + " is out of range: allowed " + ByteSizes.format(lo)
                        + " to " + ByteSizes.format(hi));
            } else if (v % multiple != 0) {
                nodes.problem(field, "= " + ByteSizes.format(v) + " is not a whole number of " + ByteSizes.format(multiple) + " pages");
            }
            return v;
        }

        /** The constant of {@code fallback}'s enum whose label is the text at {@code node}; {@code fallback} when absent. */
        private <E extends Enum<E>> E choice(JsonNode node, String field, E fallback, Function<E, String> label) {
            String text = nodes.text(node, field, null);
            if (text == null) return fallback;
            E[] all = fallback.getDeclaringClass().getEnumConstants();
            for (E e : all) {
                if (label.apply(e).equals(text)) return e;
            }
            nodes.problem(field, "= '" + text + "' is not one of " + Arrays.stream(all).map(label).collect(Collectors.joining(", ")));
            return fallback;
        }
    }
}
