package io.converge.sync;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Decides what {@code converge sync} does: a pure function of the valid documents of the directory and the stored
 * spec documents (with the ModifyIndex read) to one action per document.
 *
 * <ul>
 *   <li>a document whose key is not stored: {@code created} (check-and-set index 0);</li>
 *   <li>stored with the same content as JSON (annotation included): {@code unchanged}, nothing written;</li>
 *   <li>stored with other content (also a document written by hand, which sync then takes over):
 *       {@code configured}, check-and-set with the ModifyIndex read;</li>
 *   <li>with {@code prune}, a stored document that is not in the directory and carries the managed-by annotation:
 *       {@code pruned}, deleted with check-and-set. A document without the annotation is never pruned.</li>
 * </ul>
 *
 * Rejected as a whole (no action at all): two files for the same key, or no document at all (a checkout gone
 * wrong must not prune everything).
 */
public final class SyncPlanner {
    private static final Comparator<SyncAction> BY_REF = Comparator.comparing(SyncAction::ref)
            .thenComparing(SyncAction::key);

    private SyncPlanner() {
    }

    public static SyncPlan plan(List<SyncDocument> desired, List<StoredSpec> stored, boolean prune) {
        List<String> problems = problems(desired);
        if (!problems.isEmpty()) {
            return new SyncPlan(List.of(), problems);
        }
        Map<String, StoredSpec> storedByKey = new HashMap<>();
        stored.forEach(s -> storedByKey.put(s.key(), s));
        List<SyncAction> writes = new ArrayList<>();
        for (SyncDocument doc : desired) {
            writes.add(action(doc, storedByKey.get(doc.key())));
        }
        writes.sort(BY_REF);
        List<SyncAction> actions = new ArrayList<>(writes);
        if (prune) {
            List<SyncAction> prunes = new ArrayList<>();
            java.util.Set<String> wanted = new java.util.HashSet<>();
            desired.forEach(d -> wanted.add(d.key()));
            for (StoredSpec s : stored) {
                if (s.managed() && !wanted.contains(s.key())) {
                    prunes.add(new SyncAction(s.ref(), s.key(), SyncAction.Verb.PRUNED, null, s.modifyIndex()));
                }
            }
            prunes.sort(BY_REF);
            actions.addAll(prunes);
        }
        return new SyncPlan(actions, List.of());
    }

    private static SyncAction action(SyncDocument doc, StoredSpec stored) {
        if (stored == null) {
            return new SyncAction(doc.ref(), doc.key(), SyncAction.Verb.CREATED, doc.value(), 0);
        }
        if (stored.canonical() != null && Objects.equals(stored.canonical(), doc.canonical())) {
            return new SyncAction(doc.ref(), doc.key(), SyncAction.Verb.UNCHANGED, null, stored.modifyIndex());
        }
        return new SyncAction(doc.ref(), doc.key(), SyncAction.Verb.CONFIGURED, doc.value(), stored.modifyIndex());
    }

    private static List<String> problems(List<SyncDocument> desired) {
        if (desired.isEmpty()) {
            return List.of("no documents: refusing to sync an empty directory (with --prune it would delete every "
                    + "document sync created)");
        }
        List<String> problems = new ArrayList<>();
        Map<String, SyncDocument> first = new LinkedHashMap<>();
        for (SyncDocument doc : desired) {
            SyncDocument earlier = first.putIfAbsent(doc.key(), doc);
            if (earlier != null) {
                problems.add(doc.source() + ": " + doc.ref() + " is also defined in " + earlier.source());
            }
        }
        return problems;
    }
}
