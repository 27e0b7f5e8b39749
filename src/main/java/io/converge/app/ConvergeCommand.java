package io.converge.app;

import picocli.CommandLine.Command;

/** {@code converge}: the operator and its command-line client in one artifact. */
@Command(name = "converge", mixinStandardHelpOptions = true, version = "converge 0.1.0",
        description = "A Kubernetes-style operator whose API server is Consul KV.",
        subcommands = {RunCommand.class, ApplyCommand.class, ValidateCommand.class, GetCommand.class,
                DescribeCommand.class, DeleteCommand.class, LocksCommand.class, FenceCommand.class,
                HandoverGuardCommand.class})
public class ConvergeCommand {
}
