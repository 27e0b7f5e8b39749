package io.converge.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/**
 * converge's configuration: {@code application.properties}, system properties or environment variables
 * ({@code CONVERGE_KV_PREFIX} for {@code converge.kv.prefix}). The Javadoc of each property is the reference.
 */
@ConfigMapping(prefix = "converge")
public interface ConvergeConfig {

    Kv kv();

    Node node();

    Consul consul();

    Docker docker();

    Reconcile reconcile();

    Containers containers();

    Placement placement();

    Shutdown shutdown();

    Dnat dnat();

    Proxy proxy();

    /** The DnsRecord room: see {@link DnsConfig}. */
    DnsConfig dns();

    Bench bench();

    /**
     * This node's data root: relative volume sources of Services ({@code volumes[].source: "db"}) and relative
     * backup paths are resolved against it ({@code <data-root>/db}, created when missing), so that one spec works on
     * every node, and several nodes on one machine (the dev cluster) each keep their own data. Absolute sources stay
     * as written. See docs/backup.md.
     */
    @WithDefault("/var/lib/converge/data")
    String dataRoot();

    /** Where resources live in Consul KV. */
    interface Kv {
        /** The KV prefix under which {@code specs/}, {@code status/} and {@code locks/} live. */
        @WithDefault("converge")
        String prefix();

        /** The largest spec document accepted, in bytes (Consul's own default limit). */
        @WithDefault("524288")
        int maxValueBytes();
    }

    /** This node. */
    interface Node {
        /** The node's name; default: the local Consul agent's node name ({@code /v1/agent/self}). */
        Optional<String> name();
    }

    /**
     * The local Consul agent. Unset properties fall back to Consul's own environment variables
     * ({@code CONSUL_HTTP_ADDR}, {@code CONSUL_HTTP_TOKEN}, {@code CONSUL_HTTP_SSL}, {@code CONSUL_CACERT},
     * {@code CONSUL_CLIENT_CERT}, {@code CONSUL_CLIENT_KEY}), then to {@code 127.0.0.1:8500}.
     */
    interface Consul {
        /** {@code host:port} or {@code http(s)://host:port} of the agent's HTTP API. */
        Optional<String> address();

        /** ACL token sent with every request. */
        Optional<String> token();

        /** Use HTTPS. */
        Optional<Boolean> ssl();

        /** PEM file of the CA that signed the agent's certificate. */
        Optional<String> caCert();

        /** PEM client certificate, for agents that verify incoming HTTPS clients. */
        Optional<String> clientCert();

        /** PEM key of {@code client-cert}. */
        Optional<String> clientKey();

        /** How long one blocking query waits for a change (Consul caps it at 10 minutes). */
        @WithDefault("5m")
        Duration watchWait();

        /** Timeout of ordinary (non-blocking) requests. */
        @WithDefault("10s")
        Duration requestTimeout();
    }

    /** The Docker engine. */
    interface Docker {
        /** The engine's address; default {@code DOCKER_HOST}, then {@code unix:///var/run/docker.sock}. */
        Optional<String> host();

        /** How long a container gets to stop on SIGTERM before it is killed. */
        @WithDefault("10s")
        Duration stopGrace();
    }

    /** The controller engine. */
    interface Reconcile {
        /** Period of the full resync that catches drift no event reports. */
        @WithDefault("10m")
        Duration resyncInterval();

        /** First retry delay of a failing resource; doubles on each failure. */
        @WithDefault("1s")
        Duration backoffInitial();

        /** Largest retry delay. */
        @WithDefault("5m")
        Duration backoffMax();

        /** Reconcile passes that may run at once per kind (never two for the same resource). */
        @WithDefault("4")
        int workers();

        /** How long shutdown waits for passes in flight (then it stands down from held locks; see README). */
        @WithDefault("10s")
        Duration shutdownGrace();

        /**
         * For rooms that apply one whole for many resources (nft table, proxy config): how long a change waits for
         * more before the whole is applied. Default none: the resources one event concerns are evaluated together
         * before the apply anyway, and changes that come while an apply runs are applied together after it.
         */
        @WithDefault("0ms")
        Duration aggregateSettle();
    }

    /** Container naming, and the resolvers of the containers converge starts. */
    interface Containers {
        /**
         * Append {@code -<node>} to container names: for several converge nodes sharing one Docker engine,
         * as in the local multi-node dev cluster.
         */
        @WithDefault("false")
        boolean nodeSuffix();

        /**
         * The resolvers given to the containers converge starts (Docker's {@code Dns}: one {@code nameserver} line
         * each in the container's resolv.conf), for discovery between containers (docs/discovery.md): an address
         * the container network reaches where {@code <svc>.service.consul} goes to the node's Consul DNS and every
         * other name to the host's resolvers, e.g. the dnsmasq forwarder that deploy/dev/setup.sh runs on the
         * docker bridge's gateway, {@code 172.17.0.1}. IP addresses only, no port (resolv.conf takes none); a
         * host name or a port stops converge at startup naming the value. Unset: Docker's default (the host's
         * resolvers, no Consul names). Containers with {@code network: host} keep the host's resolv.conf
         * whatever this says. Applies to containers created after a change; running ones keep theirs.
         */
        Optional<java.util.List<String>> dns();

        /**
         * Search domains of those containers (Docker's {@code DnsSearch}), e.g. {@code service.consul} so that a
         * bare {@code b} finds the service {@code b}. Unset: Docker's default. Ignored for {@code network: host}.
         */
        Optional<java.util.List<String>> dnsSearch();
    }

    /**
     * What a stop of {@code converge run} does (SIGTERM, SIGINT; see docs/operations.md, "Restarts and upgrades").
     */
    interface Shutdown {
        /**
         * A stop hands the node over to the next start for this long: instances keep running, locks stay held
         * (the node's sessions stay valid), and a converge started within it adopts them without recreating
         * anything. If none adopts them in time, the handover guard ({@code converge handover-guard}) kills the
         * instances of lock-placed Services and ends the node's sessions (their locks move after lock-delay).
         * Also the TTL of converge's own check: a converge that stops passing it (frozen) loses its sessions
         * after this long. {@code 0}: no handover; a stop stands down at once (stops those instances and releases
         * their locks, so that a standby takes over at once) and the sessions are bound to a 3-interval TTL.
         * Otherwise at least 3 times {@code converge.placement.live-check-interval}.
         */
        @WithDefault("30s")
        Duration handoverGrace();

        /**
         * How converge starts the handover guard on a stop with a handover: {@code spawn} (detached, in a session
         * of its own, writing to converge's own output) or {@code systemd-run} (as a transient unit of its own,
         * logging to the journal: under systemd, where the unit's stop kills whatever is left in its cgroup; the
         * unit in deploy/systemd sets it). Either way converge exits only once the guard announced itself (it
         * keeps its check passing meanwhile, at most the grace); without a guard it stands down instead.
         */
        @WithDefault("spawn")
        String guard();
    }

    /**
     * The node's Consul sessions, which placement locks are acquired with, and self-fencing. converge refuses to
     * start unless {@code fence-after + fence-kill-budget <= lock-delay}, and rejects a Service whose
     * {@code placement.lockDelay} is shorter than that sum (see the README's timing argument).
     */
    interface Placement {
        /**
         * How often converge passes its own TTL check ({@code converge-alive-<prefix>}, TTL
         * {@code converge.shutdown.handover-grace}) in the local agent; the node's sessions are bound to that
         * check and to {@code serfHealth}. At least 1s.
         */
        @WithDefault("2s")
        Duration liveCheckInterval();

        /**
         * Lock-delay of the node's main session (the leader lock, and Services whose {@code placement.lockDelay}
         * is the same): after a session is invalidated, its locks stay unacquirable this long. Consul caps it at 60s.
         */
        @WithDefault("15s")
        Duration lockDelay();

        /**
         * A node holding locks confirms its sessions with Consul (consistent reads) every quarter of this; when it
         * cannot for this long, or Consul says a session is gone, it kills the instances of those locks at once.
         * Must outlast a Raft leader election (with Consul's default {@code raft_multiplier} of 5, several
         * seconds), or a server restart fences every holder.
         */
        @WithDefault("8s")
        Duration fenceAfter();

        /** Time allowed for fencing's kill of the instances; part of the lock-delay relation above. */
        @WithDefault("3s")
        Duration fenceKillBudget();
    }

    /**
     * The PortForward room on this node: converge's nftables tables ({@code table ip converge},
     * {@code table ip6 converge}), replaced whole in one {@code nft -f -} transaction on every change.
     */
    interface Dnat {
        /**
         * Whether this node runs converge's firewall at all. A node where it is off never runs {@code nft} and
         * never counts as selected by a PortForward.
         */
        @WithDefault("true")
        boolean enabled();

        /**
         * The addresses (IPv4 and/or IPv6) that forwards answer on. Default: the local agent's tagged addresses
         * {@code wan} and {@code wan_ipv6}, else node meta {@code wan-address}; when none of them is set, every
         * local address of the node.
         */
        Optional<java.util.List<String>> wanAddresses();

        /**
         * The network namespace (a name under {@code /run/netns}, as {@code ip netns} makes) that holds the node's
         * firewall; {@code nft} and {@code conntrack} then run through {@code ip netns exec}. Default: converge's
         * own namespace. For tests and the multi-node dev cluster on one machine.
         */
        Optional<String> netns();

        /**
         * When the traffic of a forward is source-NATed to this node's address (masquerade), so that replies come
         * back through this node: {@code auto} for instances on other nodes (an instance on this node, a container
         * on its Docker bridge, answers through it anyway), {@code always}, or {@code never} (the backends route
         * back through this node).
         */
        @WithDefault("auto")
        Masquerade masquerade();

        /** Watch converge's tables with {@code nft monitor}, so that a change made by hand is repaired at once. */
        @WithDefault("true")
        boolean monitor();

        /** The {@code nft} binary. */
        @WithDefault("nft")
        String nft();

        /** The {@code conntrack} binary (conntrack-tools), used to drop flows of a udp backend that left. */
        @WithDefault("conntrack")
        String conntrack();

        /** The {@code ip} binary (iproute2), used for {@code ip netns exec} when {@code netns} is set. */
        @WithDefault("ip")
        String ip();

        /** When forwards are source-NATed to this node's address. */
        enum Masquerade { AUTO, ALWAYS, NEVER }
    }

    /**
     * The Route room on proxy nodes: converge's part of the local Caddy's configuration (a server of its own, and
     * the TLS entries it created, by {@code @id}), changed through Caddy's admin API; and converge's forward-auth
     * endpoint for Routes with LDAP auth.
     */
    interface Proxy {
        /** Whether this node is a proxy node: it runs Caddy, and converge keeps the Routes in it. */
        @WithDefault("false")
        boolean enabled();

        /** Caddy's admin API, on this host only. */
        @WithDefault("http://127.0.0.1:2019")
        String admin();

        /** The name of converge's own server in Caddy's {@code apps.http.servers}. */
        @WithDefault("converge")
        String server();

        /** The addresses converge's server listens on (Caddy's {@code listen}), e.g. {@code :80} and {@code :443}. */
        @WithDefault(":80,:443")
        java.util.List<String> listen();

        /**
         * Caddy's HTTP port ({@code apps.http.http_port}): the listener on it serves plain HTTP (and redirects TLS
         * routes to HTTPS); every other listener serves TLS once a route has TLS.
         */
        @WithDefault("80")
        int httpPort();

        /**
         * How often converge asks Caddy whether it still holds converge's routes (Caddy has no event stream); a
         * Caddy restarted without its configuration gets them back within this period.
         */
        @WithDefault("2s")
        Duration probeInterval();

        /** Timeout of one request to the admin API. */
        @WithDefault("10s")
        Duration requestTimeout();

        Auth auth();

        /** converge's forward-auth endpoint (Routes with {@code auth.type: ldap}). */
        interface Auth {
            /** {@code host:port} it listens on; loopback by default, since only the local Caddy asks it. */
            @WithDefault("127.0.0.1:9611")
            String listen();

            /**
             * A file holding the secret that signs login cookies (at least 32 bytes), the same on every proxy node;
             * default: a random secret per process (a restart of converge then logs every form-login user out).
             */
            Optional<String> cookieSecretFile();

            /** How long a form login lasts. */
            @WithDefault("8h")
            Duration sessionTtl();

            /**
             * A PEM file of CA certificates trusted for {@code ldaps://} and StartTLS, besides the JVM's default
             * trust store (a directory with a private CA).
             */
            Optional<String> ldapCaFile();

            /** Timeout of one LDAP operation (connect, bind, search). */
            @WithDefault("5s")
            Duration ldapTimeout();
        }
    }

    /** For benchmarks only: nothing here is meant for a production node. */
    interface Bench {
        /**
         * For benchmarks only, default off: the plural of a kind that has no room of its own (e.g.
         * {@code portforwards}); converge then runs a recording room for that kind, which acts on nothing and logs,
         * for every pass, the key and the instant the pass took it from the work queue ({@code deploy/dev/bench.sh
         * catalog} reads it). Its resources are enqueued, like any room's, by the services their
         * {@code spec.service} names.
         */
        Optional<String> recordEnqueues();
    }
}
