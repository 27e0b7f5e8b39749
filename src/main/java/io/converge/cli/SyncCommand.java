package io.converge.cli;

import io.converge.sync.SpecStore;
import io.converge.sync.SyncDocument;
import io.converge.sync.SyncExecutor;
import io.converge.sync.SyncOutcome;
import io.converge.sync.SyncPlan;
import io.converge.sync.SyncPlanner;
import io.converge.sync.consul.ConsulSpecStore;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code converge sync DIR [--prune] [--dry-run]}: makes the stored specs equal to a directory of documents (a
 * thin shell over {@link SyncPlanner} and {@link SyncExecutor}). Validates every document first and writes nothing
 * if any is invalid (exit 2); then one line per document; exit 1 when any change was not made.
 */
@Command(name = "sync", mixinStandardHelpOptions = true,
        description = "Make the stored specs equal to a directory of documents (GitOps), in check-and-set transactions.")
public class SyncCommand extends ClientCommand implements Callable<Integer> {
    /**
     * Test hook: a path {@code P}; after planning, sync creates {@code P.planned} and waits for {@code P.go}. Not
     * under {@code converge.}: that configuration root rejects names it does not know.
     */
    static final String PAUSE_PROPERTY = "it.converge.sync-pause-before-write";

    @Parameters(index = "0", paramLabel = "DIR", description = "a directory: every *.json under it, recursively")
    Path dir;

    @Option(names = "--prune", description = "delete the stored documents sync created that are no longer in DIR")
    boolean prune;

    @Option(names = "--dry-run", description = "validate and compare, but write nothing")
    boolean dryRun;

    @Override
    public Integer call() throws Exception {
        if (!Files.isDirectory(dir)) {
            throw new CommandLine.ParameterException(spec.commandLine(), dir + ": not a directory");
        }
        PrintWriter out = out();
        PrintWriter err = err();
        List<DocumentFiles.Checked> checked = checkAll(dir);
        SpecStore store = new ConsulSpecStore(new SyncTransport(consul(), kv()), paths()::specs);
        SyncPlan plan = invalid(checked) > 0 ? null : SyncPlanner.plan(documents(checked), store.specs(), prune);
        if (plan == null || plan.rejected()) {
            if (plan != null) {
                plan.problems().forEach(err::println);
            }
            err.println("nothing synced: fix the documents above");
            err.flush();
            return 2;
        }
        if (dryRun) {
            plan.actions().forEach(a -> out.println(a.line(true)));
            out.flush();
            return 0;
        }
        pauseBeforeWrite();
        List<SyncOutcome> outcomes = new SyncExecutor(store).execute(plan);
        outcomes.forEach(o -> (o.ok() ? out : err).println(o.line()));
        long failed = outcomes.stream().filter(o -> !o.ok()).count();
        if (failed > 0) {
            err.printf("%d of %d changes not made; run sync again%n", failed, plan.writes().size());
        }
        out.flush();
        err.flush();
        return failed == 0 ? 0 : 1;
    }

    private List<SyncDocument> documents(List<DocumentFiles.Checked> checked) throws IOException {
        List<SyncDocument> docs = new ArrayList<>();
        for (DocumentFiles.Checked c : checked) {
            String key = paths().spec(c.kind().orElseThrow(), c.name());
            docs.add(SyncDocument.of(c.ref(), key, c.file().toString(), c.bytes()));
        }
        return docs;
    }

    /** For tests only: a deterministic moment between planning and writing (a concurrent write goes there). */
    private static void pauseBeforeWrite() throws IOException, InterruptedException {
        String base = System.getProperty(PAUSE_PROPERTY);
        if (base == null) {
            return;
        }
        Files.writeString(Path.of(base + ".planned"), "");
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (!Files.exists(Path.of(base + ".go")) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
    }
}
