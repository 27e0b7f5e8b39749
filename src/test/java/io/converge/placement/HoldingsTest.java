package io.converge.placement;

import static org.assertj.core.api.Assertions.assertThat;

import io.converge.kernel.ResourceKey;
import io.converge.model.Kind;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Only a session proved valid within fence-after keeps what it holds; a fence drops all of it. */
class HoldingsTest {
    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final Holdings holdings = new Holdings(nanos::get, Duration.ofSeconds(8));
    private final ResourceKey web = new ResourceKey(Kind.SERVICE, "web");

    private void advance(Duration d) {
        nanos.addAndGet(d.toNanos());
    }

    @Test
    void aSessionIsFreshUntilFenceAfterHasPassedSinceTheSendTimeOfItsLastProof() {
        long sent = nanos.get();
        advance(Duration.ofMillis(300)); // the acquire took 300 ms to answer: its proof dates from sending
        holdings.put(new Holdings.Held("l/web", web, "s1", "t", ""), sent);
        advance(Duration.ofMillis(7_600));
        assertThat(holdings.fresh("s1")).isTrue();
        assertThat(holdings.remaining("s1")).isEqualTo(Duration.ofMillis(100).toNanos());
        advance(Duration.ofMillis(100));
        assertThat(holdings.fresh("s1")).isFalse();
        assertThat(holdings.remaining("s1")).isLessThanOrEqualTo(0);
    }

    @Test
    void aLaterProofExtendsAndAnOlderOneNeverShortensIt() {
        holdings.put(new Holdings.Held("l/web", web, "s1", "t", ""), nanos.get());
        long early = nanos.get();
        advance(Duration.ofSeconds(5));
        holdings.confirm("s1", nanos.get());
        holdings.confirm("s1", early); // a slow answer to an older probe arrives last
        advance(Duration.ofSeconds(7));
        assertThat(holdings.fresh("s1")).isTrue();
    }

    @Test
    void droppingASessionRemovesEverythingItHeldAndNothingElse() {
        holdings.put(new Holdings.Held("l/web", web, "s1", "t", ""), nanos.get());
        holdings.put(new Holdings.Held("l/leader", null, "s1", "t", ""), nanos.get());
        holdings.put(new Holdings.Held("l/db", new ResourceKey(Kind.SERVICE, "db"), "s2", "t", ""), nanos.get());
        assertThat(holdings.drop("s1")).extracting(Holdings.Held::lockKey)
                .containsExactlyInAnyOrder("l/web", "l/leader");
        assertThat(holdings.sessions()).containsExactly("s2");
        assertThat(holdings.get("l/web")).isEmpty();
        assertThat(holdings.fresh("s1")).isFalse();
    }

    @Test
    void aSessionNeverProvedIsNotFresh() {
        assertThat(holdings.fresh("unknown")).isFalse();
    }
}
