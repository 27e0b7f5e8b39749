package io.converge.cli;

import picocli.CommandLine.Command;

/**
 * {@code converge}: the operator ({@code run}, the Quarkus application) and its command-line client in one
 * artifact. The client commands are listed here; {@code sync} (issue 11: GitOps) joins them as a
 * {@link ClientCommand} like {@code apply}.
 */
@Command(name = "converge", mixinStandardHelpOptions = true, version = "converge 0.1.0",
        description = "A Kubernetes-style operator whose API server is Consul KV.",
        subcommands = {RunCommand.class, ApplyCommand.class, ValidateCommand.class, GetCommand.class,
                DescribeCommand.class, DeleteCommand.class, LocksCommand.class, FenceCommand.class,
                SyncCommand.class, CompletionCommand.class})
public class ConvergeCli {
}
