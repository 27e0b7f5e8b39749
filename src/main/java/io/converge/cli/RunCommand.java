package io.converge.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/**
 * {@code converge run} as the client knows it: listed in the help and the completion, but started as the Quarkus
 * application ({@code io.converge.app.Main}), which {@code bin/converge} and {@code java -jar} do. Reached only
 * when this entry point is started directly with {@code run}.
 */
@Command(name = "run", mixinStandardHelpOptions = true, description = "Start the operator on this node.")
public class RunCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        System.err.println("converge run: the operator starts as the Quarkus application: use bin/converge run, "
                + "or java -jar quarkus-run.jar run");
        return 2;
    }
}
