package io.converge.consul;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

class ConsulRequestMeterTest {
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final ConsulRequestMeter meter = new ConsulRequestMeter(registry);

    private double requests(String method, String endpoint, String blocking, String outcome) {
        var c = registry.find(ConsulRequestMeter.REQUESTS).tags("method", method, "endpoint", endpoint,
                "blocking", blocking, "outcome", outcome).counter();
        return c == null ? 0 : c.count();
    }

    @Test
    void countsEachRequestByMethodEndpointBlockingAndOutcome() {
        meter.record("GET", "/v1/kv/p/specs/services/a?index=5&wait=300s", 200, 120);
        meter.record("GET", "/v1/kv/p/specs/services/b?index=9&wait=300s", 200, 80);
        meter.record("GET", "/v1/kv/p/status/services/a", 404, 0);
        meter.record("PUT", "/v1/kv/p/status/services/a?cas=3", 200, 4);
        meter.record("GET", "/v1/session/info/1234?consistent", -1, 0);

        assertThat(requests("GET", "/v1/kv", "true", "2xx")).isEqualTo(2);
        assertThat(requests("GET", "/v1/kv", "false", "4xx")).isEqualTo(1);
        assertThat(requests("PUT", "/v1/kv", "false", "2xx")).isEqualTo(1);
        assertThat(requests("GET", "/v1/session/info", "false", "error")).isEqualTo(1);
        assertThat(registry.find(ConsulRequestMeter.RECEIVED).tags("method", "GET", "endpoint", "/v1/kv")
                .counter().count()).isEqualTo(200);
    }

    @Test
    void neverTagsAKeyOrAnId() {
        for (int i = 0; i < 50; i++) {
            meter.record("GET", "/v1/kv/p/specs/services/s" + i, 200, 10);
            meter.record("PUT", "/v1/session/renew/id-" + i, 200, 10);
        }
        assertThat(registry.find(ConsulRequestMeter.REQUESTS).counters()).hasSize(2);
        assertThat(registry.getMeters()).allSatisfy(m -> assertThat(m.getId().getTags())
                .noneMatch(t -> t.getValue().contains("s1") || t.getValue().contains("id-")));
    }
}
