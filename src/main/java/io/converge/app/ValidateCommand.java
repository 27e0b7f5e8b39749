package io.converge.app;

import jakarta.inject.Inject;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code converge validate -f FILE|DIR}: offline validation with the schemas of {@code crds-as-json/}. */
@Command(name = "validate", description = "Validate documents offline; exit 2 with the errors if any is invalid.")
public class ValidateCommand implements Callable<Integer> {

    @Option(names = {"-f", "--filename"}, required = true, description = "a JSON document or a directory of them")
    Path path;

    @Spec
    CommandSpec spec;

    @Inject
    Connections connections;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        int invalid = 0;
        for (Path file : DocumentFiles.find(path)) {
            var checked = DocumentFiles.check(file, connections.validator(),
                    (kind, name) -> connections.paths().spec(kind, name));
            if (checked.validation().isValid()) {
                out.printf("%s: valid (%s)%n", file, checked.ref());
            } else {
                invalid++;
                err.printf("%s: invalid: %s%n", file, checked.validation().message());
            }
        }
        out.flush();
        err.flush();
        return invalid == 0 ? 0 : 2;
    }
}
