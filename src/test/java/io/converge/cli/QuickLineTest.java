package io.converge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.Field;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/** {@link QuickLine} binds exactly what picocli would, from the same annotations, and declines the rest. */
class QuickLineTest {

    @Test
    void everyShapeHasTheOptionsAndArgumentCountsTheAnnotationsDeclare() {
        Map<String, CommandLine> picocli = Main.commandLine().getSubcommands();
        QuickLine.shapes().forEach((name, shape) -> {
            CommandSpec spec = picocli.get(name).getCommandSpec();
            Set<String> flags = new HashSet<>();
            Set<String> valued = new HashSet<>();
            Set<String> required = new HashSet<>();
            for (OptionSpec o : spec.options()) {
                if (o.usageHelp() || o.versionHelp()) {
                    continue;
                }
                (o.arity().max() == 0 ? flags : valued).addAll(List.of(o.names()));
                if (o.required()) {
                    required.add(o.longestName());
                }
            }
            int min = 0;
            int max = 0;
            for (PositionalParamSpec p : spec.positionalParameters()) {
                min += p.arity().min();
                max += p.arity().max();
            }
            assertThat(shape.flags().keySet()).as(name + " flags").isEqualTo(flags);
            assertThat(shape.valued().keySet()).as(name + " options with a value").isEqualTo(valued);
            assertThat(shape.required()).as(name + " required options").isEqualTo(required);
            assertThat(List.of(shape.minArgs(), shape.maxArgs())).as(name + " arguments").isEqualTo(List.of(min, max));
        });
    }

    static List<String> accepted() {
        return List.of("get svc", "get svc hello", "get Service hello -o wide", "get pf --output json",
                "get route -w", "get dns one --watch -o YAML", "get svc --output=yaml", "get svc -o=json -w",
                "get nosuchkind", "describe svc hello", "describe dns www", "delete svc hello",
                "apply -f examples", "apply --filename examples --dry-run", "apply --dry-run -f=x.json",
                "validate -f x.json", "validate --filename=dir", "sync dir", "sync dir --prune --dry-run",
                "sync --prune dir", "locks");
    }

    @ParameterizedTest
    @MethodSource("accepted")
    void bindsTheSameValuesAsPicocli(String line) throws IllegalAccessException {
        String[] args = line.split(" ");
        ClientCommand quick = QuickLine.bind(args).orElseThrow(() -> new AssertionError("declined: " + line));
        CommandLine.ParseResult parsed = Main.commandLine().parseArgs(args);
        Object picocli = parsed.subcommand().commandSpec().userObject();
        assertThat(quick).hasSameClassAs(picocli);
        assertThat(bound(quick)).as(line).isEqualTo(bound(picocli));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "--help", "--version", "run", "fence", "fence --node a", "completion",
        "get", "get svc a b", "get svc -h", "get svc --help", "get svc -ojson", "get svc -o", "get svc -o -w",
        "get svc -o json -o yaml", "get svc -w -w", "get svc -o xml", "get svc -x", "get -- svc", "get svc -",
        "describe svc", "delete svc", "apply", "apply -f", "apply -f x --dry-run=true", "validate x",
        "sync", "sync a b", "locks extra", "locks --all", "nosuchcommand"})
    void declinesWhatPicocliMustParse(String line) {
        String[] args = line.isEmpty() ? new String[0] : line.split(" ");
        assertThat(QuickLine.bind(args)).as(line).isEmpty();
    }

    @Test
    void anUnknownKindIsAUsageErrorWithTheCommandsUsage() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.execute(new PrintWriter(out), new PrintWriter(err), "get", "nosuchkind");
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).startsWith("unknown kind \"nosuchkind\"").contains("Usage: converge get");
        assertThat(out.toString()).isEmpty();
    }

    /** The values of the annotated fields (what parsing sets), by field name. */
    private static Map<String, Object> bound(Object command) throws IllegalAccessException {
        Map<String, Object> values = new HashMap<>();
        for (Field f : command.getClass().getDeclaredFields()) {
            if (f.isAnnotationPresent(CommandLine.Option.class) || f.isAnnotationPresent(CommandLine.Parameters.class)) {
                f.setAccessible(true);
                values.put(f.getName(), f.get(command));
            }
        }
        return values;
    }
}
