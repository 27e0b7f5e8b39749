package io.converge.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.converge.config.ConvergeConfig;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** converge refuses a configuration under which a partitioned holder would fence too late. */
class FencingTimingTest {

    private static ConvergeConfig.Placement placement(String lockDelay, String fenceAfter, String budget) {
        return placement(lockDelay, fenceAfter, budget, Duration.ofSeconds(2));
    }

    private static ConvergeConfig.Placement placement(String lockDelay, String fenceAfter, String budget,
                                                      Duration liveCheckInterval) {
        return new ConvergeConfig.Placement() {
            @Override
            public Duration liveCheckInterval() {
                return liveCheckInterval;
            }

            @Override
            public Duration lockDelay() {
                return Duration.parse("PT" + lockDelay.toUpperCase());
            }

            @Override
            public Duration fenceAfter() {
                return Duration.parse("PT" + fenceAfter.toUpperCase());
            }

            @Override
            public Duration fenceKillBudget() {
                return Duration.parse("PT" + budget.toUpperCase());
            }
        };
    }

    @Test
    void theDefaultsHoldAndGiveTheShortestLockDelayAServiceMayAskFor() {
        assertThat(Fencing.checkTiming(placement("15s", "8s", "3s"))).isEqualTo(Duration.ofSeconds(11));
        assertThat(Fencing.checkTiming(placement("8s", "6s", "2s"))).isEqualTo(Duration.ofSeconds(8));
    }

    @Test
    void fenceAfterPlusTheKillBudgetAboveLockDelayIsRefusedNamingAllThree() {
        assertThatThrownBy(() -> Fencing.checkTiming(placement("7s", "5s", "3s")))
                .hasMessageContaining("converge.placement.fence-after").hasMessageContaining("fence-kill-budget")
                .hasMessageContaining("converge.placement.lock-delay");
    }

    @Test
    void aLockDelayAboveConsulsCapIsRefused() {
        assertThatThrownBy(() -> Fencing.checkTiming(placement("61s", "8s", "3s")))
                .hasMessageContaining("60s");
    }

    @Test
    void aLiveCheckFasterThanConsulRunsChecksIsRefused() {
        assertThatThrownBy(() -> Fencing.checkTiming(placement("15s", "8s", "3s", Duration.ofMillis(200))))
                .hasMessageContaining("converge.placement.live-check-interval").hasMessageContaining("1s");
        assertThat(Fencing.checkTiming(placement("15s", "8s", "3s", Duration.ofSeconds(1))))
                .isEqualTo(Duration.ofSeconds(11));
    }
}
