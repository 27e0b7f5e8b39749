package io.converge.services;

/** The container labels by which converge knows what it owns (SPEC §6.1). */
public final class Labels {
    public static final String MANAGED = "io.converge.managed";
    public static final String SERVICE = "io.converge.service";
    public static final String NODE = "io.converge.node";
    public static final String SPEC_HASH = "io.converge.spec-hash";
    /** The KV prefix of the converge that owns the container (several may share a host). */
    public static final String PREFIX = "io.converge.prefix";
    /** The placement mode the instance was created under; {@code converge fence} spares {@code every}. */
    public static final String PLACEMENT = "io.converge.placement";

    private Labels() {
    }
}
