package io.converge.sync.consul;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.converge.consul.ConsulFailure;
import io.converge.consul.KvClient;
import io.converge.model.Kind;
import io.converge.sync.SpecStore;
import io.converge.sync.StoredSpec;
import io.converge.sync.SyncAction;
import io.converge.sync.SyncExecutor;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * Spec documents in Consul KV, written in transactions. Consul rolls a transaction back when any operation fails
 * and names every failed one ({@code 409}, {@code Errors[].OpIndex}); a check-and-set failure reads
 * {@code ... index is stale}. A single document too large for a transaction request is written alone through the
 * plain KV endpoint, with the same check-and-set.
 */
public final class ConsulSpecStore implements SpecStore {

    /** The few Consul calls sync makes, over whichever HTTP client the caller has (the CLI's own). */
    public interface Transport {
        /** Every KV entry under the prefix, recursively (none when there is none). */
        List<KvClient.Entry> list(String prefix);

        /** {@code PUT /v1/txn} with this body: the HTTP status and the body of the answer. */
        Answer txn(byte[] body);

        /** {@code PUT} with {@code ?cas=index}: whether Consul wrote it. */
        boolean putCas(String key, byte[] value, long index);

        /** {@code DELETE} with {@code ?cas=index}: whether Consul deleted it. */
        boolean deleteCas(String key, long index);
    }

    /** An HTTP answer: status and body text. */
    public record Answer(int status, String body) {
    }

    private static final String TXN = "/v1/txn";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Transport kv;
    private final Function<Kind, String> specsDir;

    /** @param specsDir the directory of each kind's spec keys, ending in {@code /} */
    public ConsulSpecStore(Transport kv, Function<Kind, String> specsDir) {
        this.kv = kv;
        this.specsDir = specsDir;
    }

    @Override
    public List<StoredSpec> specs() {
        List<StoredSpec> specs = new ArrayList<>();
        for (Kind kind : Kind.values()) {
            String dir = specsDir.apply(kind);
            for (KvClient.Entry e : kv.list(dir)) {
                String name = e.key().substring(dir.length());
                if (!name.isEmpty() && !name.contains("/")) {
                    String ref = kind.kindName().toLowerCase(Locale.ROOT) + "/" + name;
                    specs.add(StoredSpec.of(ref, e.key(), e.modifyIndex(), e.bytes()));
                }
            }
        }
        return specs;
    }

    @Override
    public List<Rejection> commit(List<SyncAction> writes) {
        if (writes.size() == 1 && SyncExecutor.requestBytes(writes.get(0)) > SyncExecutor.MAX_BYTES) {
            return alone(writes.get(0));
        }
        Answer r = kv.txn(body(writes));
        if (r.status() == 200) {
            return List.of();
        }
        if (r.status() != 409) {
            throw new ConsulFailure("txn", TXN, r.status(), r.body());
        }
        return rejections(r.body());
    }

    private List<Rejection> alone(SyncAction a) {
        boolean done = a.verb() == SyncAction.Verb.PRUNED ? kv.deleteCas(a.key(), a.index())
                : kv.putCas(a.key(), a.value(), a.index());
        return done ? List.of() : List.of(new Rejection(0, true, a.key() + ": index is stale"));
    }

    static byte[] body(List<SyncAction> writes) {
        ArrayNode ops = JSON.createArrayNode();
        for (SyncAction a : writes) {
            ObjectNode op = ops.addObject().putObject("KV");
            if (a.verb() == SyncAction.Verb.PRUNED) {
                op.put("Verb", "delete-cas").put("Key", a.key()).put("Index", a.index());
            } else {
                op.put("Verb", "cas").put("Key", a.key()).put("Value", a.value()).put("Index", a.index());
            }
        }
        try {
            return JSON.writeValueAsBytes(ops);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static List<Rejection> rejections(String body) {
        JsonNode errors;
        try {
            errors = JSON.readTree(body).path("Errors");
        } catch (IOException e) {
            throw new ConsulFailure("txn", TXN, "HTTP 409 with an unreadable body: " + body);
        }
        List<Rejection> out = new ArrayList<>();
        for (JsonNode e : errors) {
            String what = e.path("What").asText("");
            out.add(new Rejection(e.path("OpIndex").asInt(-1), what.contains("index is stale"), what));
        }
        return out;
    }
}
