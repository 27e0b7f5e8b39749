package io.converge.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The DnsRecord room through a real PowerDNS Authoritative 4.7 ({@link PowerDnsRig}, sqlite3 backend, its HTTP
 * API): the scenarios of {@link DnsRoomScenarios}, answers read by {@code dig}, hand edits made through the API
 * (with a comment, so that "untouched" covers what only the API shows).
 */
class DnsRecordIT extends DnsRoomScenarios {
    private static final ObjectMapper JSON = new ObjectMapper();

    PowerDnsRig pdns;

    @Override
    String startServer() throws Exception {
        pdns = PowerDnsRig.start();
        pdns.createZone(ZONE);
        return "dnspdns";
    }

    @Override
    void stopServer() {
        if (pdns != null) {
            pdns.close();
        }
    }

    @Override
    Map<String, String> providerProps() throws Exception {
        Path key = pdns.dir.resolve("api-key");
        Files.writeString(key, PowerDnsRig.API_KEY + "\n");
        return Map.of("converge.dns.provider", "powerdns", "converge.dns.powerdns.url", pdns.api().toString(),
                "converge.dns.powerdns.api-key-file", key.toString());
    }

    @Override
    String providerKind() {
        return "powerdns";
    }

    /** {@code dig} lines are {@code name ttl IN type rdata}; the rdata of those of {@code type}. */
    @Override
    List<String> answer(String name, String type) {
        return pdns.dig(name, type).stream().map(l -> l.split(" ", 5))
                .filter(f -> f.length == 5 && f[3].equals(type)).map(f -> f[4]).sorted().toList();
    }

    @Override
    long ttl(String name, String type) {
        return ttlOf(pdns.dig(name, type), type);
    }

    /** The zone as the API gives it: every rrset, with its TTL, records (disabled ones too) and comments. */
    @Override
    List<String> zoneRecords() throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(pdns.api() + "/api/v1/servers/localhost/zones/" + ZONE)).header("X-API-Key",
                PowerDnsRig.API_KEY).GET().build(), HttpResponse.BodyHandlers.ofString());
        List<String> sets = new ArrayList<>();
        for (JsonNode s : JSON.readTree(r.body()).path("rrsets")) {
            sets.add(JSON.writeValueAsString(s));
        }
        return sets.stream().sorted().toList();
    }

    @Override
    void byHand(String name, String type, long ttl, String value) throws Exception {
        patch("[{\"name\":\"" + name + "\",\"type\":\"" + type + "\",\"ttl\":" + ttl + ",\"changetype\":\"REPLACE\","
                + "\"records\":[{\"content\":\"" + value + "\",\"disabled\":false}],"
                + "\"comments\":[{\"content\":\"made by hand\",\"account\":\"ops\"}]}]");
    }

    @Override
    void deleteByHand(String name, String type) throws Exception {
        patch("[{\"name\":\"" + name + "\",\"type\":\"" + type + "\",\"changetype\":\"DELETE\"}]");
    }

    private void patch(String rrsets) throws Exception {
        HttpResponse<String> r = pdns.patch(ZONE, rrsets);
        if (r.statusCode() != 204) {
            throw new IllegalStateException("PATCH " + ZONE + ": " + r.statusCode() + " " + r.body() + " for " + rrsets);
        }
    }
}
