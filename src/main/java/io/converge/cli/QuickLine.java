package io.converge.cli;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The everyday command lines of {@code get}, {@code describe}, {@code delete}, {@code apply}, {@code validate},
 * {@code sync} and {@code locks}, bound to their command without picocli. picocli reflects over every command
 * before it parses anything, about 0.2 s of a fresh JVM here whether or not the start-up cache holds it: most of a
 * command's time. This binder knows each command's shape as its annotations declare it ({@code QuickLineTest}
 * holds the two to the same options and the same bound values) and declines whatever it is not sure of: help and
 * version, {@code completion}, {@code fence}, {@code run}, an unknown or repeated option, a short option with its
 * value attached, {@code --}, a missing or extra argument, a value it cannot convert. A declined line goes to
 * picocli, whose parsing, messages and usage texts stay the only ones.
 */
final class QuickLine {

    /** A command's shape: how many positional arguments, which options (each alias to one canonical name). */
    record Shape(int minArgs, int maxArgs, Map<String, String> flags, Map<String, String> valued, Set<String> required) {
        static Shape of(int minArgs, int maxArgs) {
            return new Shape(minArgs, maxArgs, Map.of(), Map.of(), Set.of());
        }

        Shape flag(String... names) {
            return new Shape(minArgs, maxArgs, with(flags, names), valued, required);
        }

        Shape value(boolean isRequired, String... names) {
            Set<String> req = new HashSet<>(required);
            if (isRequired) {
                req.add(names[names.length - 1]);
            }
            return new Shape(minArgs, maxArgs, flags, with(valued, names), Set.copyOf(req));
        }

        /** Every alias maps to the last (the long) name. */
        private static Map<String, String> with(Map<String, String> map, String... names) {
            Map<String, String> m = new HashMap<>(map);
            for (String n : names) {
                m.put(n, names[names.length - 1]);
            }
            return Map.copyOf(m);
        }
    }

    /** A command that can be bound from a parsed line; {@code false} declines (picocli then parses it). */
    interface Bindable {
        boolean bind(Parsed line);
    }

    /** A parsed line: positional arguments and options by their canonical (long) name. */
    record Parsed(List<String> args, Set<String> flags, Map<String, String> values) {
        String arg(int index) {
            return index < args.size() ? args.get(index) : null;
        }

        boolean flag(String name) {
            return flags.contains(name);
        }

        Optional<String> value(String name) {
            return Optional.ofNullable(values.get(name));
        }
    }

    private record Entry(Shape shape, Supplier<? extends ClientCommand> make) {
    }

    private static final Map<String, Entry> COMMANDS = Map.of(
            "get", new Entry(Shape.of(1, 2).value(false, "-o", "--output").flag("-w", "--watch"), GetCommand::new),
            "describe", new Entry(Shape.of(2, 2), DescribeCommand::new),
            "delete", new Entry(Shape.of(2, 2), DeleteCommand::new),
            "apply", new Entry(Shape.of(0, 0).value(true, "-f", "--filename").flag("--dry-run"), ApplyCommand::new),
            "validate", new Entry(Shape.of(0, 0).value(true, "-f", "--filename"), ValidateCommand::new),
            "sync", new Entry(Shape.of(1, 1).flag("--prune").flag("--dry-run"), SyncCommand::new),
            "locks", new Entry(Shape.of(0, 0), LocksCommand::new));

    private QuickLine() {
    }

    /** The commands this binder knows, by name, with their shapes (for the test that holds them to picocli). */
    static Map<String, Shape> shapes() {
        Map<String, Shape> shapes = new HashMap<>();
        COMMANDS.forEach((name, e) -> shapes.put(name, e.shape()));
        return shapes;
    }

    /** The command {@code args} name, bound and ready to call; empty when picocli must parse the line. */
    static Optional<ClientCommand> bind(String... args) {
        if (args.length == 0 || !COMMANDS.containsKey(args[0])) {
            return Optional.empty();
        }
        Entry entry = COMMANDS.get(args[0]);
        Optional<Parsed> parsed = parse(entry.shape(), List.of(args).subList(1, args.length));
        if (parsed.isEmpty()) {
            return Optional.empty();
        }
        ClientCommand command = entry.make().get();
        return ((Bindable) command).bind(parsed.get()) ? Optional.of(command) : Optional.empty();
    }

    /** The line's arguments and options; empty for anything this binder is not sure of. */
    static Optional<Parsed> parse(Shape shape, List<String> tokens) {
        List<String> args = new ArrayList<>();
        Set<String> flags = new HashSet<>();
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i < tokens.size(); i++) {
            String token = tokens.get(i);
            if (!token.startsWith("-")) {
                args.add(token);
                continue;
            }
            int eq = token.indexOf('=');
            String name = eq > 0 ? token.substring(0, eq) : token;
            if (shape.flags().containsKey(name) && eq < 0) {
                if (!flags.add(shape.flags().get(name))) {
                    return Optional.empty();
                }
                continue;
            }
            if (!shape.valued().containsKey(name)) {
                return Optional.empty();
            }
            String value = eq > 0 ? token.substring(eq + 1) : i + 1 < tokens.size() ? tokens.get(++i) : null;
            if (value == null || value.isEmpty() || value.startsWith("-")
                    || values.put(shape.valued().get(name), value) != null) {
                return Optional.empty();
            }
        }
        if (args.size() < shape.minArgs() || args.size() > shape.maxArgs()
                || !values.keySet().containsAll(shape.required())) {
            return Optional.empty();
        }
        return Optional.of(new Parsed(List.copyOf(args), Set.copyOf(flags), Map.copyOf(values)));
    }
}
