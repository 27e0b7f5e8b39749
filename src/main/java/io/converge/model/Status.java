package io.converge.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The status document at {@code converge/status/<kind>/<name>} (SPEC §5). Immutable; the {@code with*} methods
 * return changed copies, so that an unchanged status compares equal and is not rewritten.
 *
 * @param observedGeneration the generation (spec ModifyIndex) this status describes
 * @param appliedSpec        the last valid spec, in force while the current document is invalid
 * @param appliedGeneration  the generation {@code appliedSpec} came from
 * @param holders            the nodes holding the resource's lock or semaphore slots (absent when it takes none)
 * @param dns                what the leader published for a DnsRecord (absent for other kinds)
 * @param backup             a Service's backups and restores (absent without {@code spec.backup})
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record Status(long observedGeneration, String phase, String message, List<Condition> conditions,
                     JsonNode appliedSpec, Long appliedGeneration, Map<String, NodeStatus> nodes,
                     List<String> holders, RecordStatus dns, BackupStatus backup) {

    public Status {
        conditions = conditions == null ? List.of() : List.copyOf(conditions);
        nodes = nodes == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(nodes));
        message = message == null ? "" : message;
        holders = holders == null ? null : List.copyOf(holders);
    }

    public Status(long observedGeneration, String phase, String message, List<Condition> conditions,
                  JsonNode appliedSpec, Long appliedGeneration, Map<String, NodeStatus> nodes) {
        this(observedGeneration, phase, message, conditions, appliedSpec, appliedGeneration, nodes, null, null, null);
    }

    public static Status empty() {
        return new Status(0, Phase.PENDING.text(), "", List.of(), null, null, Map.of());
    }

    public Optional<Condition> condition(String type) {
        return conditions.stream().filter(c -> c.type().equals(type)).findFirst();
    }

    public Status withObservedGeneration(long generation) {
        return new Status(generation, phase, message, conditions, appliedSpec, appliedGeneration, nodes, holders, dns,
                backup);
    }

    public Status withPhase(Phase newPhase, String newMessage) {
        return new Status(observedGeneration, newPhase.text(), newMessage, conditions, appliedSpec,
                appliedGeneration, nodes, holders, dns, backup);
    }

    public Status withApplied(JsonNode spec, long generation) {
        return new Status(observedGeneration, phase, message, conditions, spec, generation, nodes, holders, dns,
                backup);
    }

    /**
     * Sets a condition; its {@code lastTransitionTime} moves only when its status changes.
     */
    public Status withCondition(String type, String status, String reason, String msg, Instant now) {
        List<Condition> next = new ArrayList<>();
        boolean found = false;
        for (Condition c : conditions) {
            if (c.type().equals(type)) {
                String since = c.status().equals(status) ? c.lastTransitionTime() : now.toString();
                next.add(new Condition(type, status, reason, msg == null ? "" : msg, since));
                found = true;
            } else {
                next.add(c);
            }
        }
        if (!found) {
            next.add(new Condition(type, status, reason, msg == null ? "" : msg, now.toString()));
        }
        return new Status(observedGeneration, phase, message, next, appliedSpec, appliedGeneration, nodes, holders,
                dns, backup);
    }

    /** Sets (or, with {@code null}, removes) one node's entry. */
    public Status withNode(String node, NodeStatus nodeStatus) {
        Map<String, NodeStatus> next = new TreeMap<>(nodes);
        if (nodeStatus == null) {
            next.remove(node);
        } else {
            next.put(node, nodeStatus);
        }
        return new Status(observedGeneration, phase, message, conditions, appliedSpec, appliedGeneration, next,
                holders, dns, backup);
    }

    /** Records what the leader published for a DnsRecord. */
    public Status withDns(RecordStatus published) {
        return new Status(observedGeneration, phase, message, conditions, appliedSpec, appliedGeneration, nodes,
                holders, published, backup);
    }

    /** Records the lock holders ({@code null}: the resource takes no lock). */
    public Status withHolders(List<String> nodeNames) {
        return new Status(observedGeneration, phase, message, conditions, appliedSpec, appliedGeneration, nodes,
                nodeNames, dns, backup);
    }

    /** Changes a Service's backup status ({@code null}: removes it). */
    public Status withBackup(BackupStatus b) {
        return new Status(observedGeneration, phase, message, conditions, appliedSpec, appliedGeneration, nodes,
                holders, dns, b);
    }

    /** The backup status, or an empty one. */
    @com.fasterxml.jackson.annotation.JsonIgnore
    public BackupStatus backupOrEmpty() {
        return backup == null ? BackupStatus.empty() : backup;
    }
}
