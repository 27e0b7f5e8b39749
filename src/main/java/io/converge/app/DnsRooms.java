package io.converge.app;

import io.converge.config.DnsConfig;
import io.converge.dns.DnsProvider;
import io.converge.dns.DnsRecordRoom;
import io.converge.dns.Zones;
import io.converge.dns.powerdns.PowerDnsProvider;
import io.converge.dns.rfc2136.Rfc2136Provider;
import io.converge.kernel.RoomContext;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/** The DnsRecord room with the provider {@code converge.dns.provider} names, its secret read from a file or the environment. */
final class DnsRooms {

    private DnsRooms() {
    }

    /** The room, or empty with {@code provider=none}. */
    static Optional<DnsRecordRoom> of(RoomContext context, DnsConfig dns, Function<String, String> env) {
        if (dns.provider().equals("none")) {
            return Optional.empty();
        }
        List<String> zones = new Zones(dns.zones().orElse(List.of())).all();
        if (zones.isEmpty()) {
            throw new IllegalArgumentException("converge.dns.zones: name the zones converge writes (provider "
                    + dns.provider() + ")");
        }
        DnsProvider provider = switch (dns.provider()) {
            case "powerdns" -> new PowerDnsProvider(URI.create(dns.powerdns().url()), dns.powerdns().serverId(),
                    secret("converge.dns.powerdns.api-key-file", dns.powerdns().apiKeyFile(), DnsConfig.API_KEY_ENV,
                            env), dns.timeout());
            case "rfc2136" -> new Rfc2136Provider(dns.rfc2136().server(), dns.rfc2136().keyName(),
                    dns.rfc2136().keyAlgorithm(), secret("converge.dns.rfc2136.key-secret-file",
                    dns.rfc2136().keySecretFile(), DnsConfig.TSIG_SECRET_ENV, env), dns.rfc2136().read(),
                    dns.timeout(), zones);
            default -> throw new IllegalArgumentException("converge.dns.provider is none, powerdns or rfc2136, not '"
                    + dns.provider() + "'");
        };
        return Optional.of(new DnsRecordRoom(context, provider, new Zones(zones), dns.ownerId(), dns.siteTarget()));
    }

    private static String secret(String property, Optional<String> file, String variable,
                                 Function<String, String> env) {
        if (file.isPresent()) {
            try {
                return Files.readString(Path.of(file.get()), StandardCharsets.UTF_8).strip();
            } catch (IOException e) {
                throw new IllegalArgumentException(property + ": cannot read " + file.get() + ": " + e.getMessage());
            }
        }
        String value = env.apply(variable);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("neither " + property + " nor the environment variable " + variable
                    + " gives the secret");
        }
        return value.strip();
    }
}
