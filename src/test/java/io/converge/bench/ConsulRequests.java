package io.converge.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A snapshot of converge's own count of its Consul requests ({@code converge.consul.requests} on
 * {@code /q/metrics}), by {@code METHOD endpoint} with {@code (blocking)} for blocking queries; two snapshots
 * give the requests of the time between them.
 */
record ConsulRequests(Map<String, Double> byKind, double bytes) {
    private static final Pattern LABEL = Pattern.compile("(\\w+)=\"([^\"]*)\"");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /** Reads the metrics of the converge listening on 127.0.0.1:port. */
    static ConsulRequests of(int httpPort) throws IOException, InterruptedException {
        return parse(scrape(httpPort));
    }

    /** The text of {@code /q/metrics} of the converge listening on 127.0.0.1:port. */
    static String scrape(int httpPort) throws IOException, InterruptedException {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort
                + "/q/metrics")).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new Bench.Failed("GET /q/metrics of converge on port " + httpPort + ": HTTP " + r.statusCode());
        }
        return r.body();
    }

    static ConsulRequests parse(String prometheus) {
        Map<String, Double> kinds = new TreeMap<>();
        double bytes = 0;
        for (String line : prometheus.split("\n")) {
            boolean requests = line.startsWith("converge_consul_requests_total{");
            boolean received = line.startsWith("converge_consul_received_bytes_total{");
            if (!requests && !received) {
                continue;
            }
            double value = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            if (received) {
                bytes += value;
                continue;
            }
            Map<String, String> labels = new TreeMap<>();
            Matcher m = LABEL.matcher(line.substring(0, line.lastIndexOf('}')));
            while (m.find()) {
                labels.put(m.group(1), m.group(2));
            }
            String kind = labels.get("method") + " " + labels.get("endpoint")
                    + ("true".equals(labels.get("blocking")) ? " (blocking)" : "");
            kinds.merge(kind, value, Double::sum);
        }
        return new ConsulRequests(kinds, bytes);
    }

    long total() {
        return Math.round(byKind.values().stream().mapToDouble(Double::doubleValue).sum());
    }

    /** What was counted since {@code before}. */
    ConsulRequests since(ConsulRequests before) {
        Map<String, Double> diff = new TreeMap<>();
        byKind.forEach((k, v) -> {
            double d = v - before.byKind.getOrDefault(k, 0.0);
            if (d > 0) {
                diff.put(k, d);
            }
        });
        return new ConsulRequests(diff, bytes - before.bytes);
    }

    /** The n most frequent kinds as lines {@code "  count  kind"}, most frequent first. */
    List<String> top(int n) {
        List<Map.Entry<String, Double>> entries = new ArrayList<>(byKind.entrySet());
        entries.sort(Map.Entry.<String, Double>comparingByValue().reversed());
        return entries.stream().limit(n).map(e -> String.format("      %5d  %s", Math.round(e.getValue()), e.getKey()))
                .toList();
    }
}
