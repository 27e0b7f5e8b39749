package io.converge.store.consul;

import io.vertx.ext.consul.KeyValue;
import io.vertx.ext.consul.KeyValueList;
import io.vertx.ext.consul.KeyValueOptions;
import io.vertx.mutiny.ext.consul.ConsulClient;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Plain KV reads and check-and-set writes, for the command-line client. */
public final class KvClient {
    private final ConsulClient consul;
    private final Duration timeout;

    /** One key: its value and indexes. */
    public record Entry(String key, String value, long modifyIndex, long createIndex) {
    }

    public KvClient(ConsulClient consul, Duration timeout) {
        this.consul = consul;
        this.timeout = timeout;
    }

    public Optional<Entry> get(String key) {
        try {
            KeyValue kv = consul.getValue(key).await().atMost(timeout);
            return kv == null || !kv.isPresent() ? Optional.empty() : Optional.of(entry(kv));
        } catch (RuntimeException e) {
            throw new ConsulFailure("read", key, e);
        }
    }

    /** Every key under the prefix (recursively). */
    public List<Entry> list(String prefix) {
        try {
            KeyValueList list = consul.getValues(prefix).await().atMost(timeout);
            return list == null || list.getList() == null ? List.of()
                    : list.getList().stream().map(KvClient::entry).toList();
        } catch (RuntimeException e) {
            throw new ConsulFailure("list", prefix, e);
        }
    }

    /** Writes only if the key's ModifyIndex is still {@code cas} (0: only if the key does not exist). */
    public boolean putCas(String key, String value, long cas) {
        try {
            return consul.putValueWithOptions(key, value, new KeyValueOptions().setCasIndex(cas)).await()
                    .atMost(timeout);
        } catch (RuntimeException e) {
            throw new ConsulFailure("write", key, e);
        }
    }

    public void delete(String key) {
        try {
            consul.deleteValue(key).await().atMost(timeout);
        } catch (RuntimeException e) {
            throw new ConsulFailure("delete", key, e);
        }
    }

    private static Entry entry(KeyValue kv) {
        return new Entry(kv.getKey(), kv.getValue() == null ? "" : kv.getValue(), kv.getModifyIndex(),
                kv.getCreateIndex());
    }
}
