package io.converge.app;

import io.converge.consul.KvClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
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
        KvClient kv = kv();
        Sessions sessions = new Sessions(connections.consul());
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"LOCK", "NODE", "SESSION", "NAME", "LOCK-DELAY", "CHECKS"});
        List<KvClient.Entry> entries = kv.list(connections.paths().locks());
        for (KvClient.Entry e : entries) {
            String lock = e.key().substring(connections.paths().locks().length());
            if (e.key().endsWith("/.lock")) {
                rows.add(semaphore(lock, e, entries));
                continue;
            }
            if (e.session() == null) {
                rows.add(new String[] {lock, "-", "-", "-", "-", "-"});
                continue;
            }
            JsonObject s = sessions.info(e.session());
            rows.add(new String[] {lock, s.getString("Node", "?"), e.session(), s.getString("Name", ""),
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
            JsonObject doc = new JsonObject(e.value());
            limit = doc.getInteger("Limit", 0);
            for (Object h : doc.getJsonArray("Holders", new JsonArray())) {
                held++;
                nodes.add(entries.stream().filter(c -> c.key().equals(dir + h) && String.valueOf(h).equals(c.session()))
                        .findFirst().map(c -> nodeOf(c.value())).orElse("?(" + h + ", session ended)"));
            }
        } catch (RuntimeException notJson) {
            return new String[] {lock, "-", "-", "not a semaphore document", "-", "-"};
        }
        return new String[] {lock, nodes.isEmpty() ? "-" : String.join(",", nodes), "-",
                "semaphore " + held + "/" + limit, "-", "-"};
    }

    private static String nodeOf(String value) {
        try {
            return new JsonObject(value).getString("node", "?");
        } catch (RuntimeException notJson) {
            return "?";
        }
    }

    private static String lockDelay(JsonObject s) {
        Long nanos = s.getLong("LockDelay");
        return nanos == null ? "" : (nanos / 1_000_000_000L) + "s";
    }

    /** Consul 1.8 names them NodeChecks and ServiceChecks (older agents: Checks). */
    private static List<String> checks(JsonObject s) {
        List<String> out = new ArrayList<>();
        for (String field : List.of("Checks", "NodeChecks", "ServiceChecks")) {
            JsonArray checks = s.getValue(field) instanceof JsonArray a ? a : new JsonArray();
            checks.forEach(c -> out.add(c instanceof JsonObject o ? o.getString("ID", String.valueOf(o))
                    : String.valueOf(c)));
        }
        return out;
    }
}
