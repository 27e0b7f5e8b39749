package io.converge.kernel;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A test room on fakes, shaped like the PortForward room: each resource's spec is a port (text), its part is a
 * {@link Rule}, and the whole goes to a fake "table" engine that records each transaction it accepts. The room
 * keeps each resource's last valid rule (the real room keeps it in the status's {@code appliedSpec}) and writes
 * statuses into a map. Spec {@code "unreadable"} makes evaluate throw (a cache not synced).
 */
final class TableRoom implements AggregateReconciler<TableRoom.Rule> {

    record Rule(String name, int port) {
    }

    record Status(Evaluation<Rule> evaluation, ApplyResult applied) {
    }

    /** The desired state: name → port text. */
    final Map<String, String> specs = new ConcurrentHashMap<>();
    final Map<String, Status> statuses = new ConcurrentHashMap<>();
    final AtomicInteger applyFailures = new AtomicInteger();
    final AtomicInteger reportFailures = new AtomicInteger();
    final AtomicInteger attempts = new AtomicInteger();
    final AtomicInteger reports = new AtomicInteger();
    private final Map<String, Rule> lastValid = new ConcurrentHashMap<>();
    private final List<SortedMap<String, Rule>> transactions = new ArrayList<>();
    private volatile Block applyBlock;
    private final Map<String, Block> evaluationBlocks = new ConcurrentHashMap<>();

    /** Holds the worker inside one pass until released. */
    static final class Block {
        private final CountDownLatch entered = new CountDownLatch(1);
        private final CountDownLatch gate = new CountDownLatch(1);

        void awaitEntered() throws InterruptedException {
            if (!entered.await(10, TimeUnit.SECONDS)) {
                throw new AssertionError("the blocked pass did not start");
            }
        }

        void release() {
            gate.countDown();
        }

        private void hold() throws InterruptedException {
            entered.countDown();
            gate.await(10, TimeUnit.SECONDS);
        }
    }

    /** Makes the next apply wait until released. */
    Block blockNextApply() {
        applyBlock = new Block();
        return applyBlock;
    }

    /** Makes the next evaluation of {@code name} wait until released. */
    Block blockNextEvaluationOf(String name) {
        Block b = new Block();
        evaluationBlocks.put(name, b);
        return b;
    }

    /** Every transaction the fake table accepted, oldest first. */
    synchronized List<SortedMap<String, Rule>> applies() {
        return List.copyOf(transactions);
    }

    synchronized SortedMap<String, Rule> table() {
        return transactions.isEmpty() ? new java.util.TreeMap<>() : transactions.get(transactions.size() - 1);
    }

    /** The keys the room knows of: specs and statuses (so a status of a deleted spec is found). */
    Set<String> names() {
        Set<String> names = new TreeSet<>(specs.keySet());
        names.addAll(statuses.keySet());
        return names;
    }

    @Override
    public Evaluation<Rule> evaluate(String name) throws InterruptedException {
        Block b = evaluationBlocks.remove(name);
        if (b != null) {
            b.hold();
        }
        String spec = specs.get(name);
        if (spec == null) {
            lastValid.remove(name);
            return Evaluation.absent();
        }
        if (spec.equals("unreadable")) {
            throw new IllegalStateException("catalog not synced");
        }
        try {
            Rule rule = new Rule(name, Integer.parseInt(spec));
            lastValid.put(name, rule);
            return Evaluation.valid(rule);
        } catch (NumberFormatException e) {
            String problem = "portforwards/" + name + " at /spec/port: expected a port number, found " + spec;
            Rule last = lastValid.get(name);
            return last == null ? Evaluation.invalid(problem) : Evaluation.invalid(problem, last);
        }
    }

    @Override
    public ApplyResult apply(SortedMap<String, Rule> parts) throws InterruptedException {
        attempts.incrementAndGet();
        Block b = applyBlock;
        if (b != null) {
            applyBlock = null;
            b.hold();
        }
        if (applyFailures.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            return ApplyResult.failed("nft: Error: Could not process rule: No such file or directory");
        }
        synchronized (this) {
            transactions.add(parts);
        }
        return ApplyResult.applied();
    }

    @Override
    public void report(String name, Evaluation<Rule> evaluation, ApplyResult applied) {
        reports.incrementAndGet();
        if (reportFailures.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            throw new IllegalStateException("consul: 500 on PUT converge/status/portforwards/" + name);
        }
        if (evaluation.outcome() == Evaluation.Outcome.ABSENT && applied.ok()) {
            statuses.remove(name);
        } else {
            statuses.put(name, new Status(evaluation, applied));
        }
    }
}
