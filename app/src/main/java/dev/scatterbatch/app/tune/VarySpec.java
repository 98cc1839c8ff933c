package dev.scatterbatch.app.tune;

import dev.scatterbatch.model.cost.ConfigException;
import dev.scatterbatch.model.cost.Parameter;
import dev.scatterbatch.model.cost.ParameterKind;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads one {@code --vary}: {@code name=a..b:N} (N values from a to b in equal steps), {@code name=a..b:Nlog}
 * (equal ratios), or {@code name=v1,v2,v3} (a list). {@code name} is a profile parameter when one has that name,
 * otherwise a world axis ({@link WorldAxis}: {@code pressure}, {@code guests}, {@code nested}, {@code rangesPerBuffer},
 * {@code rangeSize}) when one has that name, otherwise a workload field path; whether the path exists is checked where
 * the workload is at hand.
 */
public final class VarySpec {

    /** Most values one axis may take. */
    public static final int MAX_VALUES = 1000;

    private static final Pattern RANGE = Pattern.compile("(.+?)\\.\\.(.+?)(?::\\s*(\\d+)\\s*(log|lin)?)?");
    private static final String EXAMPLES = "such as kfdAllocFixed=5us..100us:8, kfdAllocFixed=5us..100us:8log or kfdAllocFixed=5us,20us,80us";

    private VarySpec() {
    }

    /**
     * Parses {@code spec}; {@code logSteps} makes every range without its own {@code lin}/{@code log} step logarithmic.
     *
     * @throws ConfigException one sentence naming the {@code --vary} and what is wrong with it
     */
    public static SweepAxis parse(String spec, boolean logSteps) {
        try {
            return axis(spec, logSteps);
        } catch (ConfigException | IllegalArgumentException e) {
            String problem = e instanceof ConfigException ce ? String.join("; ", ce.problems()) : e.getMessage();
            throw new ConfigException("--vary " + spec + ": " + problem);
        }
    }

    private static SweepAxis axis(String spec, boolean logFlag) {
        int eq = spec.indexOf('=');
        if (eq <= 0) throw new ConfigException("expected name=values, " + EXAMPLES);
        String name = spec.substring(0, eq).trim();
        String body = spec.substring(eq + 1).trim();
        if (body.isEmpty()) throw new ConfigException("no values after '=', " + EXAMPLES);
        Parameter parameter = Parameter.byKey(name).orElse(null);
        WorldAxis world = parameter == null ? WorldAxis.byKey(name).orElse(null) : null;
        SweepAxis.Target target = parameter != null ? SweepAxis.Target.PROFILE
                : world != null ? SweepAxis.Target.WORLD : SweepAxis.Target.WORKLOAD;
        Matcher range = RANGE.matcher(body);
        if (body.contains("..")) {
            if (!range.matches() || range.group(3) == null) {
                throw new ConfigException("a range needs its number of values, such as " + name + "=" + body.replaceFirst(":.*", "") + ":8");
            }
            boolean log = range.group(4) != null ? range.group(4).equals("log") : logFlag;
            Values values = parameter != null ? new ProfileValues(parameter) : world != null ? new WorldValues(world)
                    : WorkloadValues.of(List.of(range.group(1), range.group(2)));
            return new SweepAxis(name, target, values.quantity(),
                    range(values, range.group(1).trim(), range.group(2).trim(), range.group(3), log), log, spec);
        }
        List<String> texts = new ArrayList<>();
        for (String part : body.split(",", -1)) {
            if (part.isBlank()) throw new ConfigException("an empty value in the list");
            texts.add(part.trim());
        }
        if (texts.size() > MAX_VALUES) throw new ConfigException("more than " + MAX_VALUES + " values");
        Values values = parameter != null ? new ProfileValues(parameter) : world != null ? new WorldValues(world)
                : WorkloadValues.of(texts);
        return new SweepAxis(name, target, values.quantity(), list(values, texts), false, spec);
    }

    private static List<AxisValue> range(Values values, String from, String to, String count, boolean log) {
        if (!values.quantity().numeric()) {
            throw new ConfigException("a range needs two numbers, sizes or durations of one kind; list names instead, such as "
                    + values.example());
        }
        int n;
        try {
            n = Integer.parseInt(count);
        } catch (NumberFormatException e) {
            n = Integer.MAX_VALUE;
        }
        if (n < 2 || n > MAX_VALUES) throw new ConfigException("a range takes 2 to " + MAX_VALUES + " values, got " + count);
        double a = values.value(from).number();
        double b = values.value(to).number();
        if (log && (a <= 0 || b <= 0)) throw new ConfigException("logarithmic steps need both ends above zero");
        List<AxisValue> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double t = (double) i / (n - 1);
            double x = i == 0 ? a : i == n - 1 ? b : log ? a * Math.pow(b / a, t) : a + (b - a) * t;
            AxisValue v = values.value(values.quantity().format(values.quantity().snap(x)));
            // rounding to whole ns, bytes or counts can make neighbours equal: keep one of each
            if (out.isEmpty() || out.getLast().number() != v.number()) out.add(v);
        }
        return out;
    }

    private static List<AxisValue> list(Values values, List<String> texts) {
        List<AxisValue> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (String text : texts) {
            AxisValue v = values.value(text);
            String key = values.quantity().numeric() ? Double.toString(v.number()) : v.text();
            if (!seen.add(key)) throw new ConfigException("'" + text + "' is listed twice");
            out.add(values.quantity().numeric() ? v : new AxisValue(v.text(), out.size()));
        }
        return out;
    }

    /** How the values of one axis read. */
    private interface Values {
        Quantity quantity();

        /** The value written {@code text}, checked. */
        AxisValue value(String text);

        /** A sample list for messages. */
        String example();
    }

    /** A profile parameter's values: parsed and range-checked as {@code --set} would. */
    private record ProfileValues(Parameter parameter) implements Values {

        @Override
        public Quantity quantity() {
            return switch (parameter.kind()) {
                case DURATION -> Quantity.DURATION;
                case FACTOR -> Quantity.NUMBER;
                case COUNT -> Quantity.WHOLE;
                case CHOICE -> Quantity.CHOICE;
            };
        }

        @Override
        public AxisValue value(String text) {
            Object v;
            try {
                v = parameter.parse(text);
            } catch (ConfigException e) {
                // the parameter's own message starts with its name, which the --vary already shows
                throw new ConfigException(e.getMessage().replaceFirst("^" + Pattern.quote(parameter.key()) + ": ", ""));
            }
            String problem = parameter.checkRange(v);
            if (problem != null) throw new ConfigException(problem);
            return new AxisValue(parameter.format(v), parameter.kind() == ParameterKind.CHOICE ? 0 : parameter.asNumber(v));
        }

        @Override
        public String example() {
            return parameter.key() + "=" + parameter.choices().replace(", ", ",");
        }
    }

    /** A world axis's values: of the axis's own kind, checked as the matching bench option checks them. */
    private record WorldValues(WorldAxis axis) implements Values {

        @Override
        public Quantity quantity() {
            return axis.quantity();
        }

        @Override
        public AxisValue value(String text) {
            return axis.value(text);
        }

        @Override
        public String example() {
            return "nested=off,on";
        }
    }

    /** A workload field's values: their kind inferred from how they are written. */
    private record WorkloadValues(Quantity quantity) implements Values {

        static WorkloadValues of(List<String> texts) {
            return new WorkloadValues(Quantity.infer(texts));
        }

        @Override
        public AxisValue value(String text) {
            return new AxisValue(text.trim(), quantity.numeric() ? quantity.parse(text) : 0);
        }

        @Override
        public String example() {
            return "buffers[0].hugePages=true,false";
        }
    }
}
