package io.converge.dns;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The zones converge may write, and where a record's name lands: relative names are completed with their zone,
 * {@code @} is the apex, absolute names keep theirs. Pure.
 */
public final class Zones {
    private final List<String> zones;

    /** @param zones absolute or not; the first is the default zone */
    public Zones(List<String> zones) {
        this.zones = zones.stream().map(Zones::absolute).distinct().toList();
    }

    /** The configured zones, absolute, lower case, in the configured order. */
    public List<String> all() {
        return zones;
    }

    /** The zone of records that name none, if any zone is configured. */
    public Optional<String> defaultZone() {
        return zones.stream().findFirst();
    }

    /** The most specific configured zone holding the absolute name. */
    public Optional<String> zoneOf(String absoluteName) {
        return zones.stream().filter(z -> inside(absoluteName, z)).max(Comparator.comparingInt(String::length));
    }

    /** Whether the configured zones include this one. */
    public boolean configured(String zone) {
        return zones.contains(absolute(zone));
    }

    /**
     * The absolute name {@code name} stands for in {@code zone}: {@code @} is the apex, a name ending with a dot
     * is absolute already, anything else is relative to the zone.
     */
    public static String resolve(String name, String zone) {
        String z = absolute(zone);
        String n = name.toLowerCase(Locale.ROOT);
        if (n.equals("@")) {
            return z;
        }
        return n.endsWith(".") ? n : n + "." + z;
    }

    /** Whether the absolute name is the zone's apex or below it. */
    public static boolean inside(String absoluteName, String zone) {
        String n = absoluteName.toLowerCase(Locale.ROOT);
        String z = absolute(zone);
        return n.equals(z) || n.endsWith("." + z);
    }

    /** The name, lower case, with the final dot. */
    public static String absolute(String name) {
        String n = name.strip().toLowerCase(Locale.ROOT);
        return n.endsWith(".") ? n : n + ".";
    }
}
