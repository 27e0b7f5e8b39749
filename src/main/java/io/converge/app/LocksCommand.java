package io.converge.app;

import io.converge.store.consul.KvClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/**
 * {@code converge locks}: every key under {@code <prefix>/locks/} with the session holding it, that session's
 * node, name, lock-delay and the checks it is bound to. Keys without a holder (a free lock, a semaphore's lock
 * key) show {@code -}.
 */
@Command(name = "locks", description = "List lock and semaphore keys with their holders' sessions and nodes.")
public class LocksCommand extends ClientCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        KvClient kv = kv();
        Sessions sessions = new Sessions(connections.consul());
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"LOCK", "NODE", "SESSION", "NAME", "LOCK-DELAY", "CHECKS"});
        for (KvClient.Entry e : kv.list(connections.paths().locks())) {
            String lock = e.key().substring(connections.paths().locks().length());
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
