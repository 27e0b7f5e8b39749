package io.converge.it;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The DnsRecord room through a real BIND 9.18 ({@link BindRig}) with RFC 2136 updates signed by TSIG
 * (hmac-sha256): the scenarios of {@link DnsRoomScenarios}, answers read by {@code dig}, the zone as a whole read by
 * a signed AXFR, hand edits made by {@code nsupdate}. That an update carries the record set as converge read it as
 * its prerequisite, so that a change made in between is not overwritten, is proven at the provider itself, where
 * the timing can be held ({@code Rfc2136ProviderIT}).
 */
class DnsRfc2136IT extends DnsRoomScenarios {
    BindRig bind;

    @Override
    String startServer() throws Exception {
        bind = BindRig.start();
        return "dnsbind";
    }

    @Override
    void stopServer() throws Exception {
        if (bind != null) {
            bind.close();
        }
    }

    @Override
    Map<String, String> providerProps() throws Exception {
        Path secret = bind.dir.resolve("converge-secret");
        Files.writeString(secret, bind.secret() + "\n");
        return Map.of("converge.dns.provider", "rfc2136", "converge.dns.rfc2136.server", bind.server(),
                "converge.dns.rfc2136.key-name", BindRig.KEY, "converge.dns.rfc2136.key-secret-file",
                secret.toString());
    }

    @Override
    String providerKind() {
        return "rfc2136";
    }

    @Override
    List<String> answer(String name, String type) {
        return bind.dig(name, type);
    }

    @Override
    long ttl(String name, String type) {
        return ttlOf(bind.digAnswer(name, type), type);
    }

    /** A zone transfer signed with the rig's key: every record with its TTL, the SOA (and its serial) included. */
    @Override
    List<String> zoneRecords() {
        String out = Cmd.run(List.of("dig", "@127.0.0.1", "-p", String.valueOf(bind.port), "-k",
                bind.dir.resolve("key.conf").toString(), "+noall", "+answer", "+time=2", "+tries=1", ZONE, "AXFR"),
                "", Duration.ofSeconds(20)).check().out();
        return Arrays.stream(out.split("\n")).map(l -> l.strip().replaceAll("\\s+", " "))
                .filter(l -> !l.isEmpty() && !l.contains(" TSIG ")).distinct().sorted().toList();
    }

    @Override
    void byHand(String name, String type, long ttl, String value) {
        bind.nsupdate(ZONE, "update delete " + name + " " + type, "update add " + name + " " + ttl + " " + type + " "
                + value);
    }

    @Override
    void deleteByHand(String name, String type) {
        bind.nsupdate(ZONE, "update delete " + name + " " + type);
    }
}
