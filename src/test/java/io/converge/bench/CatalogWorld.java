package io.converge.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.converge.model.DocumentValidator;
import io.converge.model.Kind;
import io.converge.model.Validation;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntConsumer;

/**
 * What the catalog bench puts into Consul and takes out again: the services (agent registrations, each with a
 * passing TTL check) and the PortForward documents under the bench's KV prefix that reference them.
 */
final class CatalogWorld {
    private static final int PARALLEL = 8;

    private final CatalogBench cb;
    private final BenchConsul consul;
    private boolean created;

    CatalogWorld(CatalogBench cb) {
        this.cb = cb;
        this.consul = cb.consul;
    }

    /** Registers the services and puts the documents, each batch a few requests at a time. */
    void create() throws Exception {
        String first = document(1);
        Validation v = new DocumentValidator().validate(key(1), Kind.PORT_FORWARD, CatalogBench.portForward(1),
                first.getBytes(StandardCharsets.UTF_8), 1);
        if (!v.isValid()) {
            throw new Bench.Failed("the bench's PortForward document is not valid: " + v.message() + ": " + first);
        }
        created = true;
        long t = System.nanoTime();
        parallel(i -> consul.json("PUT", "/v1/agent/service/register", registration(i)));
        double registered = (System.nanoTime() - t) / 1e9;
        t = System.nanoTime();
        parallel(i -> consul.kvPut(key(i), document(i)));
        cb.bench.say("  registered %d services %s-NNNN with a TTL check in %.1fs; put %d PortForwards under %s/specs/ "
                        + "in %.1fs", cb.services, cb.svc, registered, cb.services, cb.prefix,
                (System.nanoTime() - t) / 1e9);
    }

    /** Removes the documents and the registrations; best effort, says what failed. */
    void remove() {
        if (!created) {
            return;
        }
        try {
            consul.kvDelete(cb.prefix, true);
            parallel(i -> consul.send("PUT", "/v1/agent/service/deregister/" + cb.service(i), null,
                    Duration.ofSeconds(10)));
        } catch (Exception e) {
            cb.bench.say("  cleanup: " + e);
        }
    }

    String registration(int i) {
        ObjectNode r = BenchConsul.JSON.createObjectNode();
        String name = cb.service(i);
        r.put("ID", name).put("Name", name).put("Port", 20000 + i).putArray("Tags").add("bench");
        r.putObject("Check").put("CheckID", CatalogBench.checkId(name)).put("TTL", "24h").put("Status", "passing");
        return r.toString();
    }

    String document(int i) {
        ObjectNode doc = BenchConsul.JSON.createObjectNode();
        doc.put("apiVersion", "converge/v1").put("kind", "PortForward");
        doc.putObject("metadata").put("name", CatalogBench.portForward(i));
        doc.putObject("spec").put("service", cb.service(i)).put("port", 20000 + i);
        return doc.toString();
    }

    private String key(int i) {
        return cb.prefix + "/specs/portforwards/" + CatalogBench.portForward(i);
    }

    /** Runs the step for every service number, {@value #PARALLEL} at a time; the first failure fails it. */
    private void parallel(IntConsumer step) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(PARALLEL);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int i : cb.numbers()) {
                done.add(pool.submit(() -> step.accept(i)));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
