package io.converge.cli;

import io.converge.consul.ConsulFailure;
import io.converge.consul.KvClient;
import io.converge.sync.consul.ConsulSpecStore;
import java.util.List;

/** {@code converge sync}'s Consul calls over the CLI's own HTTP client. */
final class SyncTransport implements ConsulSpecStore.Transport {
    private final ConsulHttp consul;
    private final Kv kv;

    SyncTransport(ConsulHttp consul, Kv kv) {
        this.consul = consul;
        this.kv = kv;
    }

    @Override
    public List<KvClient.Entry> list(String prefix) {
        return kv.list(prefix);
    }

    @Override
    public ConsulSpecStore.Answer txn(byte[] body) {
        ConsulHttp.Answer a;
        try {
            a = consul.send("PUT", "/v1/txn", body);
        } catch (RuntimeException e) {
            throw new ConsulFailure("txn", "/v1/txn", e);
        }
        return new ConsulSpecStore.Answer(a.status(), a.text());
    }

    @Override
    public boolean putCas(String key, byte[] value, long index) {
        return kv.putCas(key, value, index);
    }

    @Override
    public boolean deleteCas(String key, long index) {
        return kv.deleteCas(key, index);
    }
}
