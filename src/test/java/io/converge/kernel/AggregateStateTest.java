package io.converge.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.converge.kernel.AggregateState.Report;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The aggregate bookkeeping on its own: which part is in force, when the whole needs an apply, what to report. */
class AggregateStateTest {
    private final AggregateState<String> state = new AggregateState<>();
    private static final ApplyResult DOWN = ApplyResult.failed("nft: permission denied");

    private void applyNow(ApplyResult result) {
        state.attempted(state.parts(), result);
    }

    private List<String> reportAll() {
        List<Report<String>> reports = state.unreported();
        reports.forEach(state::reported);
        return reports.stream().map(r -> r.name() + "=" + r.evaluation() + "/" + r.applied()).toList();
    }

    @Test
    void nothingIsReportedBeforeTheFirstApplyAndEverythingAfterIt() {
        state.record("a", Evaluation.valid("dnat a"));
        state.record("b", Evaluation.invalid("/spec/port: expected a number"));
        assertThat(state.unreported()).isEmpty();
        assertThat(state.needsApply()).isTrue();
        applyNow(ApplyResult.applied());
        assertThat(reportAll()).containsExactly("a=valid dnat a/applied",
                "b=invalid: /spec/port: expected a number/applied");
        assertThat(state.needsApply()).isFalse();
        assertThat(reportAll()).as("reported once").isEmpty();
    }

    @Test
    void aPartThatDiffersFromTheLastAttemptNeedsASyncAndWaitsForItsReport() {
        state.record("a", Evaluation.valid("dnat a"));
        applyNow(ApplyResult.applied());
        reportAll();
        assertThat(state.record("a", Evaluation.valid("dnat a:81"))).isTrue();
        assertThat(state.unreported("a")).as("its part is not in the engine yet").isEmpty();
        assertThat(state.record("a", Evaluation.valid("dnat a"))).as("changed back before the sync").isFalse();
        assertThat(state.needsApply()).isFalse();
    }

    @Test
    void invalidWithTheLastValidPartAndFailedKeepThePartInForce() {
        state.record("a", Evaluation.valid("dnat a"));
        applyNow(ApplyResult.applied());
        assertThat(state.record("a", Evaluation.invalid("bad port", "dnat a"))).isFalse();
        assertThat(state.record("a", Evaluation.failed("catalog not synced"))).isFalse();
        assertThat(state.parts()).containsEntry("a", "dnat a");
        assertThat(state.record("a", Evaluation.invalid("bad port"))).as("nothing of it in force").isTrue();
        assertThat(state.parts()).isEmpty();
    }

    @Test
    void aFailedApplyIsReportedToEveryResourceAndNeedsAnotherApply() {
        state.record("a", Evaluation.valid("dnat a"));
        state.record("b", Evaluation.invalid("bad"));
        applyNow(DOWN);
        assertThat(reportAll()).hasSize(2).allMatch(r -> r.endsWith("permission denied"));
        assertThat(state.needsApply()).as("same parts, but the engine does not hold them").isTrue();
        applyNow(DOWN);
        assertThat(reportAll()).as("the same failure again").isEmpty();
    }

    @Test
    void anAbsentResourceIsForgottenOnlyOnceReportedAfterASuccessfulApply() {
        state.record("a", Evaluation.valid("dnat a"));
        applyNow(ApplyResult.applied());
        reportAll();
        state.record("a", Evaluation.absent());
        applyNow(DOWN);
        assertThat(reportAll()).containsExactly("a=absent/failed: nft: permission denied");
        applyNow(ApplyResult.applied());
        assertThat(reportAll()).containsExactly("a=absent/applied");
        assertThat(state.unreported("a")).isEmpty();
        assertThat(state.unreported()).isEmpty();
    }

    @Test
    void theValueTypesRejectWhatTheyCannotMean() {
        assertThatThrownBy(() -> Evaluation.valid(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> Evaluation.invalid("bad", null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> ApplyResult.failed(null)).isInstanceOf(NullPointerException.class);
        assertThat(Evaluation.invalid("bad", "dnat a")).isEqualTo(Evaluation.invalid("bad", "dnat a"))
                .isNotEqualTo(Evaluation.invalid("bad"));
        assertThat(ApplyResult.failed("x")).isEqualTo(ApplyResult.failed("x")).isNotEqualTo(ApplyResult.applied());
        assertThat(Evaluation.<String>absent().part()).isEmpty();
        assertThat(AggregateWorker.reason(new IllegalStateException("x".repeat(100_000))))
                .startsWith("IllegalStateException: xxx").hasSizeLessThan(AggregateWorker.REASON_LIMIT + 20);
    }
}
