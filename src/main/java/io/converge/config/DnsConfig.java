package io.converge.config;

import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The DnsRecord room ({@code converge.dns.*}): the authoritative DNS provider the elected leader writes through, the
 * zones it may write, and how converge marks what it owns. Every node needs the same settings: whichever node leads
 * writes. Secrets come from files or the environment, never from this configuration.
 */
public interface DnsConfig {
    /** The environment variable holding the PowerDNS API key when {@code powerdns.api-key-file} is not set. */
    String API_KEY_ENV = "CONVERGE_PDNS_API_KEY";
    /** The environment variable holding the TSIG secret (base64) when {@code rfc2136.key-secret-file} is not set. */
    String TSIG_SECRET_ENV = "CONVERGE_TSIG_SECRET";

    /**
     * {@code none} (DnsRecord documents are validated and stored, and nothing is written), {@code powerdns} or
     * {@code rfc2136}.
     */
    @WithDefault("none")
    String provider();

    /**
     * The zones converge writes, absolute or not ({@code example.jp}); the first is the zone of documents without
     * {@code spec.zone}. A record outside every one of them is refused ({@code Valid=False}).
     */
    Optional<List<String>> zones();

    /**
     * This cluster's owner id, written into the ownership TXT record beside each name converge manages
     * ({@code _converge.<name>}). Clusters that write the same zone need different ids.
     */
    @WithDefault("converge")
    String ownerId();

    /**
     * The CNAME target of a record that follows a service: {@code {site}} is the {@code site} node meta of the node
     * where its passing instance runs, {@code {zone}} the record's zone without the final dot.
     */
    @WithDefault("dc-{site}.{zone}")
    String siteTarget();

    /** The limit of each exchange with the provider. */
    @WithDefault("5s")
    Duration timeout();

    PowerDns powerdns();

    Rfc2136 rfc2136();

    /** PowerDNS Authoritative's HTTP API. */
    interface PowerDns {
        /** The API's base URL (PowerDNS's webserver), e.g. {@code http://127.0.0.1:8081}. */
        @WithDefault("http://127.0.0.1:8081")
        String url();

        /** PowerDNS's server id. */
        @WithDefault("localhost")
        String serverId();

        /** A file holding the API key; default: the environment variable {@code CONVERGE_PDNS_API_KEY}. */
        Optional<String> apiKeyFile();
    }

    /** Dynamic updates (RFC 2136) signed with TSIG, to BIND, Knot or any server that takes them. */
    interface Rfc2136 {
        /** {@code host:port} of the primary server ({@code [v6]:port}; port 53 when left out). */
        @WithDefault("127.0.0.1:53")
        String server();

        /** The TSIG key's name as the server knows it. */
        @WithDefault("converge")
        String keyName();

        /** The TSIG algorithm. */
        @WithDefault("hmac-sha256")
        String keyAlgorithm();

        /** A file holding the key's base64 secret; default: the environment variable {@code CONVERGE_TSIG_SECRET}. */
        Optional<String> keySecretFile();

        /**
         * How the current records are read: {@code query} (four queries per name, sent together) or {@code axfr}
         * (one zone transfer, which the server must allow to the key).
         */
        @WithDefault("query")
        String read();
    }
}
