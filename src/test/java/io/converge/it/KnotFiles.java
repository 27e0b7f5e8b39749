package io.converge.it;

import java.nio.file.Path;
import java.util.List;

/** The knot.conf of a {@link KnotRig} (its zone files are {@link BindFiles#zone}: the format is the same). */
final class KnotFiles {

    private KnotFiles() {
    }

    /**
     * A knot.conf for an authoritative-only server on 127.0.0.1:{@code port} (Knot never recurses): every path
     * under {@code dir} (rundir {@code run/}, journal and timers in {@code db/}, zone files {@code <zone>.zone}),
     * the log on stderr, no NOTIFY (no remotes). {@code keyConf} (keymgr's output, defining {@code key}) is
     * included; an ACL lets the key update and transfer every zone. Updates go to the journal only
     * ({@code zonefile-sync: -1}): the zone file stays as written, and a restart would load it and replay the
     * journal on top ({@code journal-content: changes}).
     */
    static String knotConf(Path dir, int port, Path keyConf, String key, List<String> zones) {
        StringBuilder conf = new StringBuilder("""
                include: "%3$s"
                server:
                    rundir: "%1$s/run"
                    listen: 127.0.0.1@%2$d
                log:
                  - target: stderr
                    any: info
                database:
                    storage: "%1$s/db"
                acl:
                  - id: converge-updates
                    key: %4$s
                    action: [update, transfer]
                template:
                  - id: default
                    storage: "%1$s"
                    file: "%%s.zone"
                    zonefile-sync: -1
                    journal-content: changes
                    acl: converge-updates
                zone:
                """.formatted(dir, port, keyConf, key));
        for (String zone : zones) {
            conf.append("  - domain: ").append(zone).append('\n');
        }
        return conf.toString();
    }
}
