package io.converge.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The executor against a fake store with Consul's transaction semantics. */
class SyncExecutorTest {
    private final InMemorySpecStore store = new InMemorySpecStore();

    private static List<SyncDocument> files(int n) {
        List<SyncDocument> files = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            files.add(SyncPlannerTest.file(String.format("s%03d", i), "x:1"));
        }
        return files;
    }

    private List<SyncOutcome> sync(List<SyncDocument> files, boolean prune) {
        return new SyncExecutor(store).execute(SyncPlanner.plan(files, store.specs(), prune));
    }

    @Test
    void writesInBatchesOfAtMost64() {
        List<SyncOutcome> outcomes = sync(files(150), false);
        assertThat(outcomes).hasSize(150).allMatch(SyncOutcome::ok);
        assertThat(store.transactions).containsExactly(64, 64, 22);
        assertThat(store.kv).hasSize(150);

        store.transactions.clear();
        assertThat(sync(files(150), true)).allMatch(o -> o.action().verb() == SyncAction.Verb.UNCHANGED);
        assertThat(store.transactions).isEmpty();
    }

    @Test
    void aConcurrentWriteWinsAndTheRestOfItsBatchIsWritten() {
        sync(files(3), false);
        SyncPlan plan = SyncPlanner.plan(List.of(SyncPlannerTest.file("s000", "x:2"),
                SyncPlannerTest.file("s001", "x:2"), SyncPlannerTest.file("s002", "x:2")), store.specs(), false);
        store.put("converge/specs/services/s001", "{\"by\":\"hand\"}");   // between plan and write

        List<SyncOutcome> outcomes = new SyncExecutor(store).execute(plan);

        assertThat(outcomes).extracting(SyncOutcome::line).containsExactly("service/s000 configured",
                "service/s001 conflict: changed since read, not overwritten", "service/s002 configured");
        assertThat(new String(store.kv.get("converge/specs/services/s001").bytes())).isEqualTo("{\"by\":\"hand\"}");
        assertThat(store.transactions).containsExactly(3, 3, 2);   // the creates; the refused try; the retry
    }

    @Test
    void aCreateMeetingAKeyWrittenMeanwhileIsAConflict() {
        SyncPlan plan = SyncPlanner.plan(files(2), store.specs(), false);
        store.put("converge/specs/services/s000", "{}");
        List<SyncOutcome> outcomes = new SyncExecutor(store).execute(plan);
        assertThat(outcomes.get(0).result()).isEqualTo(SyncOutcome.Result.CONFLICT);
        assertThat(outcomes.get(1).ok()).isTrue();
    }

    @Test
    void aPruneOfADocumentChangedMeanwhileIsAConflictAndNotDeleted() {
        sync(files(2), false);
        SyncPlan plan = SyncPlanner.plan(files(1), store.specs(), true);
        store.put("converge/specs/services/s001", "{\"edited\":true}");
        List<SyncOutcome> outcomes = new SyncExecutor(store).execute(plan);
        assertThat(outcomes.get(1).line()).isEqualTo("service/s001 conflict: changed since read, not deleted");
        assertThat(store.kv).containsKey("converge/specs/services/s001");
    }

    @Test
    void aBatchFailingAsAWholeStopsTheSyncAndEarlierBatchesStay() {
        store.failCommit = 2;
        List<SyncOutcome> outcomes = sync(files(150), false);
        assertThat(outcomes.subList(0, 64)).allMatch(SyncOutcome::ok);
        assertThat(outcomes.subList(64, 128)).allMatch(o -> o.result() == SyncOutcome.Result.FAILED)
                .allMatch(o -> o.message().contains("connection refused"));
        assertThat(outcomes.subList(128, 150)).allMatch(o -> o.result() == SyncOutcome.Result.NOT_ATTEMPTED);
        assertThat(store.kv).hasSize(64);

        store.failCommit = 0;
        assertThat(sync(files(150), false)).allMatch(SyncOutcome::ok);   // rerunning converges
        assertThat(store.kv).hasSize(150);
    }

    @Test
    void batchesAlsoStayUnderTheRequestSize() {
        byte[] big = new byte[100_000];
        List<SyncAction> writes = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            writes.add(new SyncAction("service/b" + i, "k" + i, SyncAction.Verb.CREATED, big, 0));
        }
        writes.add(new SyncAction("service/huge", "kh", SyncAction.Verb.CREATED, new byte[600_000], 0));
        List<List<SyncAction>> batches = SyncExecutor.batches(writes, 64, SyncExecutor.MAX_BYTES);
        assertThat(batches).extracting(List::size).containsExactly(2, 2, 1, 1);
    }
}
