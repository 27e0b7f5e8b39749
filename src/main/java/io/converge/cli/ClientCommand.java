package io.converge.cli;

import io.converge.model.DocumentValidator;
import io.converge.model.Kind;
import io.converge.store.consul.KvPaths;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * What every client command shares: its output streams, the settings and the connection to Consul (opened on
 * first use, so that {@code validate} stays offline), KIND parsing, file validation.
 */
abstract class ClientCommand {

    @Spec
    CommandSpec spec;

    private CliSettings settings;
    private ConsulHttp consul;

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }

    CliSettings settings() {
        if (settings == null) {
            settings = CliSettings.current();
        }
        return settings;
    }

    ConsulHttp consul() {
        if (consul == null) {
            consul = new ConsulHttp(settings().consul());
        }
        return consul;
    }

    Kv kv() {
        return new Kv(consul());
    }

    KvPaths paths() {
        return settings().paths();
    }

    Kind kind(String text) {
        return Kinds.parse(spec, text);
    }

    /** Validates every document under {@code path}, printing each invalid one to stderr. */
    List<DocumentFiles.Checked> checkAll(Path path) throws IOException {
        List<DocumentFiles.Checked> checked = new ArrayList<>();
        List<Path> files = DocumentFiles.find(path);
        DocumentValidator validator = new DocumentValidator(settings().maxValueBytes());
        KvPaths paths = paths();
        for (Path file : files) {
            DocumentFiles.Checked c = DocumentFiles.check(file, validator, paths::spec);
            if (!c.validation().isValid()) {
                err().printf("%s: invalid: %s%n", file, c.validation().message());
            }
            checked.add(c);
        }
        return checked;
    }

    static long invalid(List<DocumentFiles.Checked> checked) {
        return checked.stream().filter(c -> !c.validation().isValid()).count();
    }
}
