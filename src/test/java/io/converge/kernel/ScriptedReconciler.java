package io.converge.kernel;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A reconciler that answers each key from a script (a {@link Result} or an exception to throw per pass, then
 * {@link Result#done()}), and counts the passes of each key.
 */
final class ScriptedReconciler implements Reconciler {
    private final Map<String, Deque<Object>> scripts = new HashMap<>();
    private final Map<String, AtomicInteger> passes = new ConcurrentHashMap<>();

    synchronized ScriptedReconciler then(String key, Object... answers) {
        Deque<Object> script = scripts.computeIfAbsent(key, k -> new ArrayDeque<>());
        for (Object a : answers) {
            script.addLast(a);
        }
        return this;
    }

    int passes(String key) {
        return passes.computeIfAbsent(key, k -> new AtomicInteger()).get();
    }

    @Override
    public Result reconcile(String name) throws Exception {
        passes.computeIfAbsent(name, k -> new AtomicInteger()).incrementAndGet();
        Object answer;
        synchronized (this) {
            Deque<Object> script = scripts.get(name);
            answer = script == null || script.isEmpty() ? Result.done() : script.pollFirst();
        }
        if (answer instanceof Exception e) {
            throw e;
        }
        return (Result) answer;
    }
}
