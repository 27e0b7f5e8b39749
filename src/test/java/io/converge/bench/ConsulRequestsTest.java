package io.converge.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The bench reads converge's own request counter from its Prometheus text. */
class ConsulRequestsTest {
    private static final String BEFORE = """
            # HELP converge_consul_requests_total HTTP requests to the Consul agent
            # TYPE converge_consul_requests_total counter
            converge_consul_requests_total{blocking="true",endpoint="/v1/kv",method="GET",outcome="2xx"} 4.0
            converge_consul_requests_total{blocking="false",endpoint="/v1/kv",method="GET",outcome="2xx"} 10.0
            converge_consul_requests_total{blocking="false",endpoint="/v1/kv",method="GET",outcome="4xx"} 2.0
            converge_consul_received_bytes_total{endpoint="/v1/kv",method="GET"} 1000.0
            converge_reconcile_errors_total{kind="services"} 3.0
            """;
    private static final String AFTER = BEFORE.replace("outcome=\"2xx\"} 4.0", "outcome=\"2xx\"} 6.0")
            .replace("} 1000.0", "} 1500.0") + """
            converge_consul_requests_total{blocking="false",endpoint="/v1/session/info",method="GET",outcome="2xx"} 30.0
            """;

    @Test
    void sumsTheOutcomesOfEachMethodAndEndpointAndMarksBlockingQueries() {
        ConsulRequests r = ConsulRequests.parse(BEFORE);
        assertThat(r.byKind()).containsEntry("GET /v1/kv (blocking)", 4.0).containsEntry("GET /v1/kv", 12.0)
                .hasSize(2);
        assertThat(r.total()).isEqualTo(16);
        assertThat(r.bytes()).isEqualTo(1000.0);
    }

    @Test
    void twoSnapshotsGiveWhatWasCountedBetweenThem() {
        ConsulRequests d = ConsulRequests.parse(AFTER).since(ConsulRequests.parse(BEFORE));
        assertThat(d.byKind()).containsOnlyKeys("GET /v1/kv (blocking)", "GET /v1/session/info");
        assertThat(d.total()).isEqualTo(32);
        assertThat(d.bytes()).isEqualTo(500.0);
        assertThat(d.top(1)).containsExactly("         30  GET /v1/session/info");
    }
}
