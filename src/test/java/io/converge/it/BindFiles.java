package io.converge.it;

import java.nio.file.Path;
import java.util.List;

/** The files of a {@link BindRig}: named.conf and zone files (the rig writes them under its own directory). */
final class BindFiles {

    private BindFiles() {
    }

    /**
     * A named.conf for an authoritative-only server on 127.0.0.1:{@code port}: every path under {@code dir}, no
     * control channel, no recursion, no NOTIFY; each zone a primary from {@code <zone>zone} that {@code key} may
     * update and transfer (its journal beside it).
     */
    static String namedConf(Path dir, int port, String key, List<String> zones) {
        StringBuilder conf = new StringBuilder();
        conf.append("include \"").append(dir.resolve("key.conf")).append("\";\n");
        conf.append("""
                options {
                  directory "%1$s";
                  pid-file "%1$s/named.pid";
                  session-keyfile "%1$s/session.key";
                  managed-keys-directory "%1$s";
                  listen-on port %2$d { 127.0.0.1; };
                  listen-on-v6 { none; };
                  recursion no;
                  dnssec-validation no;
                  notify no;
                };
                controls { };
                """.formatted(dir, port));
        for (String zone : zones) {
            conf.append("""
                    zone "%1$s" {
                      type primary;
                      file "%1$szone";
                      allow-update { key "%2$s"; };
                      allow-transfer { key "%2$s"; };
                    };
                    """.formatted(zone, key));
        }
        return conf.toString();
    }

    /** A zone file: SOA (minimum 60), NS ns1 with its A at 127.0.0.1, then {@code records} (relative names). */
    static String zone(String zone, String records) {
        return """
                $ORIGIN %1$s
                $TTL 300
                @ IN SOA ns1.%1$s hostmaster.%1$s 1 3600 600 86400 60
                @ IN NS ns1.%1$s
                ns1 IN A 127.0.0.1
                """.formatted(zone) + records;
    }
}
