package io.converge.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.converge.model.DocumentValidator;
import io.converge.consul.KvClient;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code converge apply -f FILE|DIR [--dry-run]}: validates every document first (nothing is written if any is
 * invalid), then writes each with check-and-set and says whether it was created, configured or unchanged.
 */
@Command(name = "apply", mixinStandardHelpOptions = true, description = "Validate, then write specs to Consul KV (check-and-set).")
public class ApplyCommand extends ClientCommand implements Callable<Integer> {

    @Option(names = {"-f", "--filename"}, required = true, description = "a JSON document or a directory of them")
    Path path;

    @Option(names = "--dry-run", description = "validate and compare, but write nothing")
    boolean dryRun;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = out();
        PrintWriter err = err();
        List<DocumentFiles.Checked> docs = checkAll(path);
        if (invalid(docs) > 0) {
            err.println("nothing applied: fix the documents above");
            err.flush();
            return 2;
        }
        Kv kv = kv();
        int failed = 0;
        for (DocumentFiles.Checked doc : docs) {
            String key = paths().spec(doc.kind().orElseThrow(), doc.name());
            String outcome = write(kv, key, doc);
            if (outcome.startsWith("failed")) {
                failed++;
                err.printf("%s %s%n", doc.ref(), outcome);
            } else {
                out.printf("%s %s%s%n", doc.ref(), outcome, dryRun && !"unchanged".equals(outcome) ? " (dry run)" : "");
            }
        }
        out.flush();
        err.flush();
        return failed == 0 ? 0 : 1;
    }

    private String write(Kv kv, String key, DocumentFiles.Checked doc) throws IOException {
        Optional<KvClient.Entry> current = kv.get(key);
        if (current.isPresent() && sameDocument(current.get().bytes(), doc.bytes())) {
            return "unchanged";
        }
        String outcome = current.isPresent() ? "configured" : "created";
        if (dryRun) {
            return outcome;
        }
        String text = new String(doc.bytes(), StandardCharsets.UTF_8);
        long cas = current.map(KvClient.Entry::modifyIndex).orElse(0L);
        return kv.putCas(key, text, cas) ? outcome
                : "failed: " + key + " was changed by someone else meanwhile; nothing written, apply again";
    }

    private static boolean sameDocument(byte[] stored, byte[] candidate) {
        try {
            JsonNode a = DocumentValidator.parseLenient(stored);
            JsonNode b = DocumentValidator.parseLenient(candidate);
            return a != null && a.equals(b);
        } catch (IOException e) {
            return false;
        }
    }
}
