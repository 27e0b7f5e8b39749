package io.converge.cli;

import io.converge.consul.KvClient;
import com.fasterxml.jackson.databind.JsonNode;
import io.converge.model.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/**
 * {@code converge locks}: every key under {@code <prefix>/locks/} with the session holding it, that session's
 * node, name, lock-delay and the checks it is bound to. A free lock shows {@code -}; a semaphore's {@code .lock}
 * key shows its holders' nodes and how many slots of its limit are held.
 */
@Command(name = "locks", mixinStandardHelpOptions = true, description = "List lock and semaphore keys with their holders' sessions and nodes.")
public class LocksCommand extends ClientCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        Kv kv = kv();
        Sessions sessions = new Sessions(consul());
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"LOCK", "NODE", "SESSION", "NAME", "LOCK-DELAY", "CHECKS"});
        List<KvClient.Entry> entries = kv.list(paths().locks());
        for (KvClient.Entry e : entries) {
            String lock = e.key().substring(paths().locks().length());
            if (e.key().endsWith("/.lock")) {
                rows.add(semaphore(lock, e, entries));
                continue;
            }
            if (e.session() == null) {
                rows.add(new String[] {lock, "-", "-", "-", "-", "-"});
                continue;
            }
            JsonNode s = sessions.info(e.session());
            rows.add(new String[] {lock, s.path("Node").asText("?"), e.session(), s.path("Name").asText(""),
                    lockDelay(s), String.join(",", checks(s))});
        }
        out().print(Tables.format(rows));
        out().flush();
        return 0;
    }

    /**
     * A semaphore's lock key: its holders' nodes (from their contender keys, {@code ?} when a holder's key is no
     * longer held by it: a dead holder whose slot is not yet taken over) and how many of the limit are held.
     */
    private static String[] semaphore(String lock, KvClient.Entry e, List<KvClient.Entry> entries) {
        String dir = e.key().substring(0, e.key().length() - ".lock".length());
        List<String> nodes = new ArrayList<>();
        int limit = 0;
        int held = 0;
        try {
            JsonNode doc = Json.MAPPER.readTree(e.bytes());
            if (doc == null || !doc.isObject()) {
                throw new IOException("not an object");
            }
            limit = doc.path("Limit").asInt(0);
            for (JsonNode holder : doc.path("Holders")) {
                String h = holder.asText();
                held++;
                nodes.add(entries.stream().filter(c -> c.key().equals(dir + h) && h.equals(c.session()))
                        .findFirst().map(c -> nodeOf(c.value())).orElse("?(" + h + ", session ended)"));
            }
        } catch (IOException | RuntimeException notJson) {
            return new String[] {lock, "-", "-", "not a semaphore document", "-", "-"};
        }
        return new String[] {lock, nodes.isEmpty() ? "-" : String.join(",", nodes), "-",
                "semaphore " + held + "/" + limit, "-", "-"};
    }

    private static String nodeOf(String value) {
        try {
            JsonNode doc = Json.MAPPER.readTree(value);
            return doc == null ? "?" : doc.path("node").asText("?");
        } catch (IOException notJson) {
            return "?";
        }
    }

    private static String lockDelay(JsonNode s) {
        JsonNode nanos = s.path("LockDelay");
        return nanos.isNumber() ? (nanos.asLong() / 1_000_000_000L) + "s" : "";
    }

    /** Consul 1.8 names them NodeChecks and ServiceChecks (older agents: Checks). */
    private static List<String> checks(JsonNode s) {
        List<String> out = new ArrayList<>();
        for (String field : List.of("Checks", "NodeChecks", "ServiceChecks")) {
            JsonNode checks = s.path(field);
            if (checks.isArray()) {
                checks.forEach(c -> out.add(c.isObject() ? c.path("ID").asText(c.toString())
                        : c.isTextual() ? c.asText() : c.toString()));
            }
        }
        return out;
    }
}
