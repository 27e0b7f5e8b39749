package io.converge.cli;

import io.converge.model.Kind;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code converge get KIND [NAME] [-o wide|json|yaml] [-w]}: NAME PHASE NODES GEN OBSERVED AGE; with {@code -w},
 * then a line per change from blocking queries, until interrupted (Ctrl-C exits 0).
 */
@Command(name = "get", mixinStandardHelpOptions = true, description = "List resources of a kind: NAME PHASE NODES GEN OBSERVED AGE.")
public class GetCommand extends ClientCommand implements Callable<Integer> {

    /** How long one blocking query waits for a change before it is asked again. */
    static final Duration WATCH_WAIT = Duration.ofMinutes(5);

    @Parameters(index = "0", description = "kind: Service, services, svc, pf, route, dns, ...")
    String kindText;

    @Parameters(index = "1", arity = "0..1", description = "one resource's name")
    String name;

    @Option(names = {"-o", "--output"}, defaultValue = "table", description = "wide, json or yaml")
    Listings.Output output;

    @Option(names = {"-w", "--watch"}, description = "after the list, print a line per change (phase, nodes, "
            + "generation) until interrupted")
    boolean watch;

    @Override
    public Integer call() throws Exception {
        Kind kind = kind(kindText);
        if (watch) {
            return watch(kind);
        }
        Collection<ResourceView> views;
        if (name != null) {
            var one = ResourceView.one(kv(), paths(), kind, name);
            if (one.isEmpty()) {
                err().printf("%s \"%s\" not found%n", kind.kindName(), name);
                return 1;
            }
            views = List.of(one.get());
        } else {
            views = ResourceView.list(kv(), paths(), kind).values();
        }
        PrintWriter out = out();
        out.print(Listings.render(views, output, Instant.now()));
        out.flush();
        return 0;
    }

    /** The current lines, then the changed ones; returns only on a Consul failure (1) or a closed output (0). */
    private int watch(Kind kind) throws Exception {
        PrintWriter out = out();
        Interrupts.exitZeroOnInterrupt(out);
        KindWatch watch = new KindWatch(kv(), paths(), kind, WATCH_WAIT);
        Map<String, ResourceView> before = mine(watch.current());
        Listings.Lines lines = new Listings.Lines(output, before.values(), Instant.now());
        out.print(lines.first());
        out.flush();
        while (!out.checkError()) {
            Map<String, ResourceView> after = mine(watch.next());
            out.print(lines.next(WatchLines.changed(before, after), Instant.now()));
            out.flush();
            before = after;
        }
        return 0;
    }

    /** Only the named resource, when a name was given. */
    private Map<String, ResourceView> mine(Map<String, ResourceView> views) {
        if (name == null) {
            return views;
        }
        Map<String, ResourceView> one = new TreeMap<>();
        if (views.containsKey(name)) {
            one.put(name, views.get(name));
        }
        return one;
    }
}
