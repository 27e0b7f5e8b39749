package io.converge.consul;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts the HTTP requests converge makes to its Consul agent, once each when it ends (a blocking query counts
 * when it returns):
 * <ul>
 * <li>{@code converge.consul.requests}: tags {@code method}, {@code endpoint} ({@link ConsulEndpoint}),
 * {@code blocking} ({@code true} for a blocking query), {@code outcome} ({@code 2xx}, {@code 3xx}, {@code 4xx},
 * {@code 5xx}, or {@code error} when no answer came);</li>
 * <li>{@code converge.consul.received} (bytes): the response bodies, tags {@code method} and {@code endpoint}.</li>
 * </ul>
 * Every tag has a bounded set of values. Thread-safe.
 */
public final class ConsulRequestMeter {
    static final String REQUESTS = "converge.consul.requests";
    static final String RECEIVED = "converge.consul.received";

    private final MeterRegistry registry;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();

    public ConsulRequestMeter(MeterRegistry registry) {
        this.registry = registry;
    }

    /**
     * Records one finished request.
     *
     * @param status the HTTP status, or a negative number when the request failed without an answer
     * @param bytes  the size of the response body (0 without one)
     */
    public void record(String method, String pathAndQuery, int status, long bytes) {
        String endpoint = ConsulEndpoint.of(pathAndQuery);
        String blocking = Boolean.toString(ConsulEndpoint.blocking(pathAndQuery));
        String outcome = status < 100 || status > 599 ? "error" : (status / 100) + "xx";
        counters.computeIfAbsent(method + ' ' + endpoint + ' ' + blocking + ' ' + outcome, k ->
                Counter.builder(REQUESTS).tag("method", method).tag("endpoint", endpoint).tag("blocking", blocking)
                        .tag("outcome", outcome).description("HTTP requests to the Consul agent")
                        .register(registry)).increment();
        if (bytes > 0) {
            counters.computeIfAbsent(method + ' ' + endpoint, k ->
                    Counter.builder(RECEIVED).baseUnit("bytes").tag("method", method).tag("endpoint", endpoint)
                            .description("response bytes received from the Consul agent").register(registry))
                    .increment(bytes);
        }
    }
}
