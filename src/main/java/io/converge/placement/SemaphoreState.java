package io.converge.placement;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A semaphore under a directory {@code D} as read: the limit and holders of {@code D.lock}, the contender keys
 * {@code D<session>}, and the modify index of {@code D.lock} for check-and-set (0: no {@code .lock} yet).
 *
 * @param malformed {@code D.lock} exists but is not a semaphore document; it reads as empty and is rewritten
 */
public record SemaphoreState(int limit, List<String> holders, Map<String, LockStore.Entry> contenders, long index,
                             boolean malformed) {
    public static final String LOCK = ".lock";

    public SemaphoreState {
        holders = List.copyOf(holders);
        contenders = Map.copyOf(contenders);
    }

    /** Reads the keys listed under {@code dir} (keys in subdirectories are not the semaphore's). */
    public static SemaphoreState of(String dir, List<LockStore.Entry> entries) {
        int limit = 0;
        List<String> holders = new ArrayList<>();
        Map<String, LockStore.Entry> contenders = new HashMap<>();
        long index = 0;
        boolean malformed = false;
        for (LockStore.Entry e : entries) {
            String name = e.key().substring(dir.length());
            if (name.equals(LOCK)) {
                index = e.modifyIndex();
                JsonNode doc = LockDocs.parse(e.value());
                JsonNode l = doc.path("Limit");
                JsonNode h = doc.path("Holders");
                boolean limitOk = l.isMissingNode() || l.isNumber();
                malformed = !doc.isObject() || !limitOk || !(h.isMissingNode() || h.isArray());
                limit = l.isNumber() ? l.asInt() : 0;
                if (limitOk && h.isArray()) {
                    h.forEach(x -> holders.add(x.isTextual() ? x.textValue() : x.toString()));
                }
            } else if (!name.contains("/")) {
                contenders.put(name, e);
            }
        }
        return new SemaphoreState(limit, holders, contenders, index, malformed);
    }

    /** True when the session's contender key is held by that session: a holder whose key is not is dead. */
    public boolean live(String session) {
        LockStore.Entry e = contenders.get(session);
        return e != null && session.equals(e.session());
    }

    /** The node a session's contender key names; {@code "?"} when there is none. */
    public String nodeOf(String session) {
        LockStore.Entry e = contenders.get(session);
        return e == null ? "?" : LockDocs.holderNode(e);
    }

    /** The nodes of the live holders, in slot order. */
    public List<String> liveNodes() {
        return holders.stream().filter(this::live).map(this::nodeOf).toList();
    }

    /** The {@code .lock} document without the session, to write back when it gives up its slot; empty when it holds none. */
    public Optional<String> without(String session) {
        if (!holders.contains(session)) {
            return Optional.empty();
        }
        List<String> next = new ArrayList<>(holders);
        next.remove(session);
        return Optional.of(LockDocs.semaphore(limit, next));
    }

    /** True when {@code .lock} exists and no live holder is left: it may be deleted (with check-and-set). */
    public boolean abandoned() {
        return index > 0 && holders.stream().noneMatch(this::live);
    }
}
