package io.converge.cli;

import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code converge completion}: the bash (and zsh) completion script picocli generates for these commands. */
@Command(name = "completion", mixinStandardHelpOptions = true,
        description = "Print the bash completion script: source <(converge completion), or save it in "
                + "/etc/bash_completion.d/converge.")
public class CompletionCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        var out = spec.commandLine().getOut();
        out.print(AutoComplete.bash("converge", spec.root().commandLine()));
        out.flush();
        return 0;
    }
}
