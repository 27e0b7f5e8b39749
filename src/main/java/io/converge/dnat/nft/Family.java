package io.converge.dnat.nft;

/** An nftables address family converge keeps a table in; its name is also the keyword of its address matches. */
public enum Family {
    IP("ip"), IP6("ip6");

    private final String keyword;

    Family(String keyword) {
        this.keyword = keyword;
    }

    /** {@code ip} or {@code ip6}: the table's family and the {@code daddr}/{@code saddr} match prefix. */
    public String keyword() {
        return keyword;
    }

    /** Whether an address literal or CIDR block belongs to this family (IPv6 literals hold a colon). */
    boolean holds(String address) {
        return (address.indexOf(':') >= 0) == (this == IP6);
    }
}
