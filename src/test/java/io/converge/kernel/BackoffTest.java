package io.converge.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class BackoffTest {

    @ParameterizedTest(name = "failure {0} -> {1}s")
    @CsvSource({
            "1, 1",
            "2, 2",
            "3, 4",
            "4, 8",
            "5, 16",
            "8, 128",
            "9, 256",
            "10, 300",   // 512 s capped at 5 min
            "11, 300",
            "31, 300",
            "32, 300",
            "64, 300",
            "1000, 300",
            "2147483647, 300",
    })
    void defaultDoublesFromOneSecondToFiveMinutes(int failures, long seconds) {
        assertThat(Backoff.DEFAULT.delay(failures)).isEqualTo(Duration.ofSeconds(seconds));
    }

    @Test
    void smallBackoffDoublesAndCaps() {
        Backoff b = new Backoff(Duration.ofMillis(10), Duration.ofMillis(80));
        assertThat(java.util.stream.IntStream.rangeClosed(1, 6).mapToObj(b::delay).map(Duration::toMillis))
                .containsExactly(10L, 20L, 40L, 80L, 80L, 80L);
    }

    @Test
    void capThatIsNotAPowerOfTwoMultipleIsReachedExactly() {
        Backoff b = new Backoff(Duration.ofSeconds(3), Duration.ofSeconds(10));
        assertThat(b.delay(2)).isEqualTo(Duration.ofSeconds(6));
        assertThat(b.delay(3)).isEqualTo(Duration.ofSeconds(10));
    }

    @ParameterizedTest
    @ValueSource(ints = {31, 32, 63, 64, 65, 1_000_000, Integer.MAX_VALUE})
    void hugeFailureCountsNeverOverflowWithALargeInitialDelay(int failures) {
        // 1 h << 30 overflows a long of nanoseconds; the cap must still come out
        Backoff b = new Backoff(Duration.ofHours(1), Duration.ofDays(365));
        assertThat(b.delay(failures)).isEqualTo(Duration.ofDays(365));
    }

    @Test
    void delayNeverDecreasesAsFailuresGrow() {
        Backoff b = new Backoff(Duration.ofNanos(7), Duration.ofDays(100));
        Duration previous = Duration.ZERO;
        for (int failures = 1; failures < 100; failures++) {
            Duration d = b.delay(failures);
            assertThat(d).as("failure %d", failures).isGreaterThanOrEqualTo(previous).isPositive()
                    .isLessThanOrEqualTo(Duration.ofDays(100));
            previous = d;
        }
    }

    @Test
    void initialEqualToMaxIsAllowed() {
        assertThat(new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(2)).delay(9)).isEqualTo(Duration.ofSeconds(2));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -1, Integer.MIN_VALUE})
    void failuresBelowOneAreRejected(int failures) {
        assertThatThrownBy(() -> Backoff.DEFAULT.delay(failures))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(Integer.toString(failures));
    }

    @Test
    void zeroOrNegativeInitialIsRejected() {
        assertThatThrownBy(() -> new Backoff(Duration.ZERO, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(-1), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void maxBelowInitialIsRejected() {
        assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("initial <= max");
    }

    @Test
    void nullsAreRejected() {
        assertThatThrownBy(() -> new Backoff(null, Duration.ofSeconds(1))).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(1), null)).isInstanceOf(NullPointerException.class);
    }
}
