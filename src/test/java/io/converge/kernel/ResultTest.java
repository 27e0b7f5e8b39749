package io.converge.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ResultTest {

    @Test
    void doneIsDone() {
        assertThat(Result.done().kind()).isEqualTo(Result.Kind.DONE);
        assertThat(Result.done().after()).isNull();
        assertThat(Result.done()).hasToString("done");
    }

    @Test
    void requeueAfterCarriesItsDelay() {
        Result r = Result.requeueAfter(Duration.ofSeconds(30));
        assertThat(r.kind()).isEqualTo(Result.Kind.REQUEUE_AFTER);
        assertThat(r.after()).isEqualTo(Duration.ofSeconds(30));
        assertThat(r).hasToString("requeue after PT30S");
    }

    @Test
    void requeueAfterRejectsNullZeroAndNegativeDelays() {
        assertThatThrownBy(() -> Result.requeueAfter(null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Result.requeueAfter(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Result.requeueAfter(Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("positive");
    }

    @Test
    void retryAndTerminalCarryTheirReason() {
        assertThat(Result.retry("docker down").kind()).isEqualTo(Result.Kind.RETRY);
        assertThat(Result.retry("docker down").reason()).isEqualTo("docker down");
        assertThat(Result.retry("docker down")).hasToString("retry: docker down");
        assertThat(Result.terminal("bad doc").kind()).isEqualTo(Result.Kind.TERMINAL);
        assertThat(Result.terminal("bad doc")).hasToString("terminal: bad doc");
    }

    @Test
    void retryAndTerminalRejectANullReason() {
        assertThatThrownBy(() -> Result.retry(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> Result.terminal(null)).isInstanceOf(NullPointerException.class);
    }
}
