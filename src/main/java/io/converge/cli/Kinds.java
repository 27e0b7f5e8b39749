package io.converge.cli;

import io.converge.model.Kind;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/** Parses a KIND argument, or fails as a usage error (exit 2). */
final class Kinds {
    private Kinds() {
    }

    static Kind parse(CommandSpec spec, String text) {
        return Kind.parse(text).orElseThrow(() -> new CommandLine.ParameterException(spec.commandLine(),
                "unknown kind \"" + text + "\": use Service (services, svc), PortForward (portforwards, pf), "
                        + "Route (routes, route) or DnsRecord (dnsrecords, dns)"));
    }
}
