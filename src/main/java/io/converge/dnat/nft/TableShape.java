package io.converge.dnat.nft;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What a read-back compares: the chains of one of converge's tables with the number of rules in each, and the
 * digest of the rendered text that loaded it (the comment of the rule in {@link #DIGEST_CHAIN}), so that a table
 * loaded from another rendering with the same shape (a backend that moved while converge was down) differs too.
 *
 * @param rules  chain name → number of rules, sorted by name
 * @param digest the digest comment, empty when there is none
 */
public record TableShape(SortedMap<String, Integer> rules, String digest) {
    /** A chain no rule jumps to, so never evaluated, whose one rule carries the digest of the table's text. */
    static final String DIGEST_CHAIN = "converge.digest";

    public TableShape {
        rules = Collections.unmodifiableSortedMap(new TreeMap<>(rules));
    }

    /**
     * The shape of the table listed by {@code nft -j list table FAMILY converge}.
     *
     * @throws IOException when the text is not nft's JSON
     */
    static TableShape parse(String json) throws IOException {
        JsonNode items = Mapper.JSON.readTree(json).path("nftables");
        if (!items.isArray()) {
            throw new IOException("not nft -j output: no \"nftables\" array");
        }
        SortedMap<String, Integer> rules = new TreeMap<>();
        String digest = "";
        for (JsonNode item : items) {
            JsonNode chain = item.path("chain");
            if (chain.isObject()) {
                rules.putIfAbsent(chain.path("name").asText(), 0);
            }
            JsonNode rule = item.path("rule");
            if (rule.isObject()) {
                String in = rule.path("chain").asText();
                rules.merge(in, 1, Integer::sum);
                if (in.equals(DIGEST_CHAIN)) {
                    digest = rule.path("comment").asText("");
                }
            }
        }
        return new TableShape(rules, digest);
    }

    /** For messages: the chains and their rule counts. */
    @Override
    public String toString() {
        return rules + (digest.isEmpty() ? " (no digest)" : " " + digest);
    }

    /** Loaded on the first read-back only: rendering never needs Jackson. */
    private static final class Mapper {
        static final ObjectMapper JSON = new ObjectMapper();
    }
}
