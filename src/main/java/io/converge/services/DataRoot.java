package io.converge.services;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The node's data root ({@code converge.data-root}): relative volume sources and backup paths live under it, so
 * that one spec works on every node, and several nodes on one machine (the dev cluster) each have their own data.
 * Absolute sources stay as written.
 */
public record DataRoot(Path root) {
    /** The default of {@code converge.data-root}. */
    public static final Path DEFAULT = Path.of("/var/lib/converge/data");

    public DataRoot {
        root = root.toAbsolutePath().normalize();
    }

    /** Where a volume source (or backup path) as written in a spec is on this node. Pure. */
    public Path resolve(String source) {
        return source.startsWith("/") ? Path.of(source) : root.resolve(source).normalize();
    }

    /** The spec with every volume source made absolute on this node. Pure. */
    public ServiceSpec resolve(ServiceSpec spec) {
        List<ServiceSpec.Volume> volumes = spec.volumes().stream()
                .map(v -> new ServiceSpec.Volume(resolve(v.source()).toString(), v.target(), v.readOnly())).toList();
        return new ServiceSpec(spec.image(), spec.imagePull(), spec.command(), spec.args(), spec.env(), spec.ports(),
                volumes, spec.network(), spec.resources(), spec.placement(), spec.check(), spec.tags(), spec.meta(),
                spec.backup());
    }

    /**
     * Creates the missing directories of the relative volume sources (converge's own, under the data root), so that
     * Docker can bind-mount them; absolute sources are the operator's and are left alone.
     */
    public void createMissing(ServiceSpec spec) throws IOException {
        for (ServiceSpec.Volume v : spec.volumes()) {
            if (!v.source().startsWith("/")) {
                Files.createDirectories(resolve(v.source()));
            }
        }
    }
}
