package io.converge.dnat;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonNode;
import io.converge.model.Json;
import io.converge.model.Problem;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The typed {@code spec} of a PortForward (SPEC §6.2), with defaults applied. Built only from a document that passed
 * its schema, so that field formats are checked; {@link #problems()} adds what a schema cannot say.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record PortForwardSpec(String service, int port, Integer targetPort, String protocol, Set<String> nodes,
                              Map<String, String> nodeMeta, List<String> sourceRanges) {

    public PortForwardSpec {
        protocol = protocol == null ? "tcp" : protocol;
        nodes = nodes == null ? Set.of() : Set.copyOf(nodes);
        nodeMeta = nodeMeta == null ? Map.of() : Map.copyOf(nodeMeta);
        sourceRanges = sourceRanges == null ? List.of() : List.copyOf(sourceRanges);
    }

    public static PortForwardSpec from(JsonNode spec) {
        return Json.MAPPER.convertValue(spec, PortForwardSpec.class);
    }

    public Protocol transport() {
        return "udp".equals(protocol) ? Protocol.UDP : Protocol.TCP;
    }

    /** Whether the forward applies on a node of this name and meta (both selectors must match; absent: all). */
    public boolean selects(String node, Map<String, String> meta) {
        return (nodes.isEmpty() || nodes.contains(node))
                && nodeMeta.entrySet().stream().allMatch(e -> e.getValue().equals(meta.get(e.getKey())));
    }

    /** What the schema cannot check: each source range must be an address or a block without host bits. */
    public List<Problem> problems() {
        List<Problem> problems = new ArrayList<>();
        for (int i = 0; i < sourceRanges.size(); i++) {
            Optional<String> problem = Cidr.problem(sourceRanges.get(i));
            if (problem.isPresent()) {
                problems.add(new Problem("/spec/sourceRanges/" + i, problem.get()));
            }
        }
        return problems;
    }
}
