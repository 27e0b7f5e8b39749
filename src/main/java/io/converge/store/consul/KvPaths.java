package io.converge.store.consul;

import io.converge.model.Kind;

/** The KV layout of SPEC §3 under a configurable prefix. */
public record KvPaths(String prefix) {

    public KvPaths {
        prefix = prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix;
    }

    /** {@code <prefix>/specs/<kind>/} */
    public String specs(Kind kind) {
        return prefix + "/specs/" + kind.plural() + "/";
    }

    public String spec(Kind kind, String name) {
        return specs(kind) + name;
    }

    /** {@code <prefix>/status/<kind>/} */
    public String statuses(Kind kind) {
        return prefix + "/status/" + kind.plural() + "/";
    }

    public String status(Kind kind, String name) {
        return statuses(kind) + name;
    }

    public String locks() {
        return prefix + "/locks/";
    }

    /** The name in a key directly under {@code dir}, or {@code null} for the directory itself or a deeper key. */
    public static String nameIn(String dir, String key) {
        if (!key.startsWith(dir) || key.length() == dir.length()) {
            return null;
        }
        String rest = key.substring(dir.length());
        return rest.contains("/") ? null : rest;
    }
}
