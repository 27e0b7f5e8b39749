package io.converge.app;

import io.quarkus.runtime.Quarkus;
import jakarta.inject.Inject;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code converge run}: the operator on this node, until SIGTERM. */
@Command(name = "run", mixinStandardHelpOptions = true, description = "Start the operator on this node.")
public class RunCommand implements Callable<Integer> {

    @Inject
    Operator operator;

    @Override
    public Integer call() throws Exception {
        operator.start();
        Quarkus.waitForExit();
        return 0;
    }
}
