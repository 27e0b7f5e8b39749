package io.converge.dnat;

/** A port and protocol on this node: what two forwards cannot both hold. */
record PortKey(Protocol protocol, int port) {
    static PortKey of(Forward forward) {
        return new PortKey(forward.protocol(), forward.port());
    }

    @Override
    public String toString() {
        return port + "/" + protocol.text();
    }
}
