package io.converge.dnat.nft;

import io.converge.dnat.Backend;
import io.converge.dnat.Firewall;
import io.converge.dnat.FirewallException;
import io.converge.dnat.Protocol;
import io.converge.dnat.Ruleset;
import io.converge.kernel.EventSource;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * The {@link Firewall} on nftables: loads {@link NftScript}'s rendering with {@code nft -f -} in one transaction,
 * and loads nothing when the text equals the last one loaded and nobody changed converge's tables since. Knowing
 * "nobody changed them" without reading them back takes {@code nft monitor} ({@link #drift}): while it has run
 * without a gap since the last load, an unchanged text is skipped at once; on the first apply, after a gap, or
 * with the monitor off, the tables are read back ({@code nft -j list table}) and compared with the rendering's
 * shape and digest. Plain Java: the operator constructs it from {@code converge.dnat.*}.
 */
public final class NftFirewall implements Firewall {
    private static final Logger LOG = Logger.getLogger(NftFirewall.class);
    private static final Duration RUN_LIMIT = Duration.ofSeconds(30);
    private static final Duration PROBE_LIMIT = Duration.ofSeconds(5);
    private static final int MESSAGE_MAX = 1000;

    private final Commands commands;
    private final boolean monitor;
    private final OwnRuns own = new OwnRuns();
    private final AtomicBoolean dirty = new AtomicBoolean();
    private final AtomicLong loads = new AtomicLong();
    private final AtomicLong readBacks = new AtomicLong();
    private volatile NftMonitor watcher;
    private String loaded;
    private long loadedEpoch = -1;

    /**
     * @param nft       the {@code nft} binary
     * @param conntrack the {@code conntrack} binary
     * @param ip        the {@code ip} binary (for {@code ip netns exec})
     * @param netns     the network namespace holding the firewall, empty for converge's own
     * @param monitor   whether {@link #drift} watches the tables with {@code nft monitor}
     */
    public NftFirewall(String nft, String conntrack, String ip, Optional<String> netns, boolean monitor) {
        this.commands = new Commands(nft, conntrack, ip, netns);
        this.monitor = monitor;
    }

    @Override
    public synchronized boolean apply(Ruleset ruleset) throws FirewallException {
        NftScript.Rendering want;
        try {
            want = NftScript.render(ruleset);
        } catch (IllegalArgumentException e) {
            throw new FirewallException("render", e.getMessage(), e);
        }
        boolean wasDirty = dirty.getAndSet(false);
        if (!wasDirty && want.text().equals(loaded) && watched()) {
            return false;
        }
        if (!wasDirty && (loaded == null || want.text().equals(loaded))) {
            long epoch = epoch();
            if (readBack(want.shapes())) {
                remember(want.text(), epoch);
                return false;
            }
        }
        try {
            load(want.text());
            return true;
        } catch (FirewallException e) {
            dirty.compareAndSet(false, wasDirty);
            throw e;
        }
    }

    /** How many times {@link #apply} loaded the tables (for tests and metrics). */
    public long loads() {
        return loads.get();
    }

    /** How many times {@link #apply} read the tables back (for tests). */
    long readBacks() {
        return readBacks.get();
    }

    @Override
    public void forgetFlows(Protocol protocol, int port, Backend backend) throws FirewallException {
        List<String> argv = commands.conntrack("-D", "-f", backend.ipv6() ? "ipv6" : "ipv4", "-p", protocol.text(),
                "--orig-port-dst", Integer.toString(port), "--reply-src", backend.address(),
                "--reply-port-src", Integer.toString(backend.port()));
        ProcessRun.Outcome out = run("conntrack -D", argv, "", RUN_LIMIT);
        boolean noneToDelete = out.exit() == 1 && out.stderr().contains(" 0 flow entries have been deleted");
        if (out.exit() != 0 && !noneToDelete) {
            throw new FirewallException("conntrack -D", out.message(MESSAGE_MAX));
        }
    }

    @Override
    public EventSource drift(Runnable changed) {
        if (!monitor) {
            return EventSource.idle("nft-monitor");   // apply then reads the tables back whenever it would skip
        }
        NftMonitor m = new NftMonitor(commands.nft("monitor"), own::contains, () -> {
            dirty.set(true);
            changed.run();
        }, changed);
        watcher = m;
        return m;
    }

    @Override
    public Optional<String> problem() {
        try {
            ProcessRun.Outcome out = run("nft list tables", commands.nft("list", "tables"), "", PROBE_LIMIT);
            return out.exit() == 0 ? Optional.empty() : Optional.of(out.message(MESSAGE_MAX));
        } catch (FirewallException e) {
            return Optional.of(e.getMessage());
        }
    }

    private void load(String text) throws FirewallException {
        long epoch = epoch();
        ProcessRun.Outcome out;
        try {
            out = run("nft -f -", commands.nft("-f", "-"), text, RUN_LIMIT);
        } catch (FirewallException e) {
            loaded = null;
            throw e;
        }
        if (out.exit() != 0) {
            throw new FirewallException("nft -f -", out.message(MESSAGE_MAX));
        }
        loads.incrementAndGet();
        remember(text, epoch);
    }

    /** Whether the tables hold what {@code shapes} says; a missing or unreadable table does not. */
    private boolean readBack(Map<Family, TableShape> shapes) {
        readBacks.incrementAndGet();
        for (Family family : Family.values()) {
            try {
                ProcessRun.Outcome out = run("nft -j list table",
                        commands.nft("-j", "list", "table", family.keyword(), "converge"), "", RUN_LIMIT);
                TableShape seen = out.exit() == 0 ? TableShape.parse(out.stdout()) : null;
                if (!shapes.get(family).equals(seen)) {
                    LOG.infof("table %s converge differs from the rendering (%s); loading it",
                            family.keyword(), seen == null ? out.message(200) : seen);
                    return false;
                }
            } catch (FirewallException | IOException e) {
                LOG.infof("table %s converge could not be read back (%s); loading it", family.keyword(),
                        e.getMessage());
                return false;
            }
        }
        return true;
    }

    private void remember(String text, long epoch) {
        loaded = text;
        loadedEpoch = epoch;
    }

    /** True when the monitor runs and has run without a gap since the tables were last loaded or read back. */
    private boolean watched() {
        NftMonitor m = watcher;
        return m != null && m.healthy() && m.epoch() == loadedEpoch;
    }

    private long epoch() {
        NftMonitor m = watcher;
        return m == null ? -1 : m.epoch();
    }

    private ProcessRun.Outcome run(String operation, List<String> argv, String stdin, Duration limit)
            throws FirewallException {
        try {
            return ProcessRun.run(argv, stdin, limit, own::add);
        } catch (IOException | TimeoutException e) {
            throw new FirewallException(operation, e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FirewallException(operation, "interrupted", e);
        }
    }
}
