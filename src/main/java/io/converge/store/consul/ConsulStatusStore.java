package io.converge.store.consul;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.converge.kernel.StatusStore;
import io.converge.model.Json;
import io.converge.model.Kind;
import io.converge.model.Status;
import io.vertx.ext.consul.KeyValue;
import io.vertx.ext.consul.KeyValueList;
import io.vertx.ext.consul.KeyValueOptions;
import io.vertx.mutiny.ext.consul.ConsulClient;
import java.time.Duration;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.jboss.logging.Logger;

/** Status documents in Consul KV, written with check-and-set so that writers on different nodes never collide. */
public final class ConsulStatusStore implements StatusStore {
    private static final Logger LOG = Logger.getLogger(ConsulStatusStore.class);
    private static final int CAS_ATTEMPTS = 10;

    private final ConsulClient consul;
    private final KvPaths paths;
    private final Duration timeout;

    public ConsulStatusStore(ConsulClient consul, KvPaths paths, Duration timeout) {
        this.consul = consul;
        this.paths = paths;
        this.timeout = timeout;
    }

    private record Stored(Status status, long modifyIndex) {
    }

    @Override
    public Optional<Status> read(Kind kind, String name) {
        return readStored(paths.status(kind, name)).map(Stored::status);
    }

    private Optional<Stored> readStored(String key) {
        KeyValue kv;
        try {
            kv = consul.getValue(key).await().atMost(timeout);
        } catch (RuntimeException e) {
            throw new ConsulFailure("read", key, e);
        }
        if (kv == null || !kv.isPresent() || kv.getValue() == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(new Stored(Json.MAPPER.readValue(kv.getValue(), Status.class), kv.getModifyIndex()));
        } catch (JsonProcessingException e) {
            LOG.warnf("status %s is not a status document (%s); it will be rewritten", key, e.getOriginalMessage());
            return Optional.of(new Stored(Status.empty(), kv.getModifyIndex()));
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
            long cas = stored.map(Stored::modifyIndex).orElse(0L);
            if (put(key, next, cas)) {
                return next;
            }
        }
        throw new ConsulFailure("update", key, "check-and-set lost " + CAS_ATTEMPTS + " times in a row");
    }

    private boolean put(String key, Status status, long cas) {
        try {
            String json = Json.MAPPER.writeValueAsString(status);
            return consul.putValueWithOptions(key, json, new KeyValueOptions().setCasIndex(cas)).await()
                    .atMost(timeout);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("status of " + key + " cannot be written as JSON", e);
        } catch (RuntimeException e) {
            throw new ConsulFailure("write", key, e);
        }
    }

    @Override
    public void delete(Kind kind, String name) {
        String key = paths.status(kind, name);
        try {
            consul.deleteValue(key).await().atMost(timeout);
        } catch (RuntimeException e) {
            throw new ConsulFailure("delete", key, e);
        }
    }

    @Override
    public Set<String> names(Kind kind) {
        String dir = paths.statuses(kind);
        KeyValueList list;
        try {
            list = consul.getValues(dir).await().atMost(timeout);
        } catch (RuntimeException e) {
            throw new ConsulFailure("list", dir, e);
        }
        Set<String> names = new HashSet<>();
        if (list != null && list.getList() != null) {
            for (KeyValue kv : list.getList()) {
                String name = KvPaths.nameIn(dir, kv.getKey());
                if (name != null) {
                    names.add(name);
                }
            }
        }
        return names;
    }
}
