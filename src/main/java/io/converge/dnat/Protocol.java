package io.converge.dnat;

import java.util.Locale;

/** The transport protocols a forward carries. */
public enum Protocol {
    TCP, UDP;

    /** {@code tcp} or {@code udp}, as in specs and nft. */
    public String text() {
        return name().toLowerCase(Locale.ROOT);
    }
}
