package io.converge.app;

import io.converge.model.Kind;
import io.converge.consul.KvClient;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** What every client command shares: its output streams, the connections, KIND parsing, file validation. */
abstract class ClientCommand {

    @Spec
    CommandSpec spec;

    @Inject
    Connections connections;

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }

    KvClient kv() {
        return new KvClient(connections.consul());
    }

    Kind kind(String text) {
        return Kinds.parse(spec, text);
    }

    /** Validates every document under {@code path}, printing each invalid one to stderr. */
    List<DocumentFiles.Checked> checkAll(Path path) throws IOException {
        List<DocumentFiles.Checked> checked = new ArrayList<>();
        for (Path file : DocumentFiles.find(path)) {
            DocumentFiles.Checked c = DocumentFiles.check(file, connections.validator(),
                    (kind, name) -> connections.paths().spec(kind, name));
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
