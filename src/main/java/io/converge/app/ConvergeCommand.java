package io.converge.app;

import picocli.CommandLine.Command;

/**
 * {@code converge run} (and its handover guard) as the Quarkus application runs them; the client commands run without Quarkus
 * ({@code io.converge.cli}), see {@link Main}.
 */
@Command(name = "converge", mixinStandardHelpOptions = true, version = "converge 0.1.0",
        description = "A Kubernetes-style operator whose API server is Consul KV.",
        subcommands = {RunCommand.class, HandoverGuardCommand.class})
public class ConvergeCommand {
}
