package io.converge.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code converge validate -f FILE|DIR}: offline validation with the schemas of {@code crds-as-json/}. */
@Command(name = "validate", mixinStandardHelpOptions = true, description = "Validate documents offline; exit 2 with the errors if any is invalid.")
public class ValidateCommand extends ClientCommand implements Callable<Integer> {

    @Option(names = {"-f", "--filename"}, required = true, description = "a JSON document or a directory of them")
    Path path;

    @Override
    public Integer call() throws Exception {
        List<DocumentFiles.Checked> checked = checkAll(path);
        checked.stream().filter(c -> c.validation().isValid())
                .forEach(c -> out().printf("%s: valid (%s)%n", c.file(), c.ref()));
        out().flush();
        err().flush();
        return invalid(checked) == 0 ? 0 : 2;
    }
}
