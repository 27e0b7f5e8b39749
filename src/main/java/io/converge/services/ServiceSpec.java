package io.converge.services;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonNode;
import io.converge.model.Json;
import io.converge.model.PlacementSpec;
import java.util.List;
import java.util.Map;

/**
 * The typed {@code spec} of a Service (SPEC §6.1), with defaults applied. Built only from a document that passed
 * its schema, so field formats are already checked.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ServiceSpec(String image, String imagePull, List<String> command, List<String> args,
                          Map<String, String> env, List<Port> ports, List<Volume> volumes, String network,
                          Resources resources, PlacementSpec placement, Check check, List<String> tags,
                          Map<String, String> meta, BackupSpec backup) {

    public ServiceSpec {
        imagePull = imagePull == null ? "IfNotPresent" : imagePull;
        command = command == null ? List.of() : List.copyOf(command);
        args = args == null ? List.of() : List.copyOf(args);
        env = env == null ? Map.of() : Map.copyOf(env);
        ports = ports == null ? List.of() : List.copyOf(ports);
        volumes = volumes == null ? List.of() : List.copyOf(volumes);
        network = network == null ? "bridge" : network;
        placement = placement == null ? PlacementSpec.defaults() : placement;
        tags = tags == null ? List.of() : List.copyOf(tags);
        meta = meta == null ? Map.of() : Map.copyOf(meta);
    }

    public static ServiceSpec from(JsonNode spec) {
        return Json.MAPPER.convertValue(spec, ServiceSpec.class);
    }

    public boolean hostNetwork() {
        return "host".equals(network);
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Port(String name, int containerPort, Integer hostPort, String protocol) {
        public Port {
            protocol = protocol == null ? "tcp" : protocol;
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Volume(String source, String target, boolean readOnly) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Resources(Integer memoryMB, Double cpus) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Check(String http, Boolean tcp, String interval, String timeout) {
        public Check {
            interval = interval == null ? "10s" : interval;
            timeout = timeout == null ? "4s" : timeout;
        }
    }
}
