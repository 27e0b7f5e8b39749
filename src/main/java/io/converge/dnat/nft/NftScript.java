package io.converge.dnat.nft;

import io.converge.dnat.Forward;
import io.converge.dnat.Ruleset;
import java.util.EnumMap;
import java.util.Map;

/**
 * Renders a {@link Ruleset} into the one {@code nft -f -} transaction that replaces converge's tables: for each
 * family, {@code table F converge} (creates it if missing), {@code delete table F converge}, then the new table,
 * so that chains of changed types never conflict and other tables are never named. Pure and deterministic: equal
 * rulesets render to the same text (forwards by id, backends and addresses sorted by the values themselves).
 * Tables are present, and empty but for their base chains, when there is nothing to forward.
 */
public final class NftScript {

    private NftScript() {
    }

    /**
     * The transaction text for {@code ruleset} and the shape of each table after it.
     *
     * @throws IllegalArgumentException when an address, range or id could not be rendered safely (nft syntax in
     *                                  it, or an id naming a base chain); the message names the forward
     */
    public static Rendering render(Ruleset ruleset) {
        StringBuilder text = new StringBuilder();
        Map<Family, TableShape> shapes = new EnumMap<>(Family.class);
        for (Family family : Family.values()) {
            FamilyTable table = new FamilyTable(family, ruleset.wanAddresses());
            for (Forward forward : ruleset.forwards()) {
                table.add(forward);
            }
            FamilyTable.Rendered rendered = table.render();
            text.append(rendered.text());
            shapes.put(family, rendered.shape());
        }
        return new Rendering(text.toString(), shapes);
    }

    /**
     * A rendered ruleset.
     *
     * @param text   the transaction, for {@code nft -f -}
     * @param shapes per family, the shape the table has once the transaction is loaded
     */
    public record Rendering(String text, Map<Family, TableShape> shapes) {
        public Rendering {
            shapes = Map.copyOf(shapes);
        }
    }
}
