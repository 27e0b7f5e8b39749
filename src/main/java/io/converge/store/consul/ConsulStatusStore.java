package io.converge.store.consul;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.converge.consul.ConsulFailure;
import io.converge.consul.KvClient;
import io.converge.kernel.StatusStore;
import io.converge.model.Json;
import io.converge.model.Kind;
import io.converge.model.Status;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.jboss.logging.Logger;

/** Status documents in Consul KV, written with check-and-set so that writers on different nodes never collide. */
public final class ConsulStatusStore implements StatusStore {
    private static final Logger LOG = Logger.getLogger(ConsulStatusStore.class);
    private static final int CAS_ATTEMPTS = 10;

    private final KvClient kv;
    private final KvPaths paths;

    public ConsulStatusStore(KvClient kv, KvPaths paths) {
        this.kv = kv;
        this.paths = paths;
    }

    private record Stored(Status status, long modifyIndex) {
    }

    @Override
    public Optional<Status> read(Kind kind, String name) {
        return readStored(paths.status(kind, name)).map(Stored::status);
    }

    private Optional<Stored> readStored(String key) {
        return kv.get(key).map(e -> new Stored(parse(key, e.value()), e.modifyIndex()));
    }

    private static Status parse(String key, String json) {
        try {
            return Json.MAPPER.readValue(json, Status.class);
        } catch (JsonProcessingException e) {
            LOG.warnf("status %s is not a status document (%s); it will be rewritten", key, e.getOriginalMessage());
            return Status.empty();
        }
    }

    @Override
    public Status update(Kind kind, String name, UnaryOperator<Status> change) {
        String key = paths.status(kind, name);
        for (int attempt = 0; attempt < CAS_ATTEMPTS; attempt++) {
            Optional<Stored> stored = readStored(key);
            Status current = stored.map(Stored::status).orElse(Status.empty());
            Status next = change.apply(current);
            if (stored.isPresent() && next.equals(current)) {
                return current;
            }
            if (kv.putCas(key, json(key, next), stored.map(Stored::modifyIndex).orElse(0L))) {
                return next;
            }
        }
        throw new ConsulFailure("update", key, "check-and-set lost " + CAS_ATTEMPTS + " times in a row");
    }

    private static String json(String key, Status status) {
        try {
            return Json.MAPPER.writeValueAsString(status);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("status of " + key + " cannot be written as JSON", e);
        }
    }

    @Override
    public void delete(Kind kind, String name) {
        kv.delete(paths.status(kind, name));
    }

    @Override
    public Set<String> names(Kind kind) {
        String dir = paths.statuses(kind);
        Set<String> names = new HashSet<>();
        for (KvClient.Entry e : kv.list(dir)) {
            String name = KvPaths.nameIn(dir, e.key());
            if (name != null) {
                names.add(name);
            }
        }
        return names;
    }
}
