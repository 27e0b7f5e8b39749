package io.converge.dns;

/**
 * What one resource wants in DNS now: its zone and name, and the record set, or none with the reason (no instance
 * of the followed service passes, an implicit name outside every zone).
 *
 * @param set {@code null} when nothing is to be published
 * @param why why nothing is published (empty when {@code set} is given)
 */
public record Wanted(String zone, String name, String type, RecordSet set, String why) {

    public static Wanted of(String zone, RecordSet set) {
        return new Wanted(zone, set.name(), set.type(), set, "");
    }

    public static Wanted nothing(String zone, String name, String type, String why) {
        return new Wanted(zone, name, type, null, why);
    }
}
