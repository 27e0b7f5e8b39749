package io.converge.bench;

import io.converge.it.BindRig;
import io.converge.it.PowerDnsRig;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.Type;
import org.xbill.DNS.Update;

/**
 * The reference of the dns bench: the provider called directly, with no converge and no Consul in between, making
 * the same change converge makes for a service-following record, in one call: the CNAME {@code name → target} and
 * an ownership TXT at {@code _converge.<name>} both written, or both deleted.
 */
interface DnsDirect {
    /** Writes the CNAME and its TXT ({@code present}) or deletes both; returns once the provider said done. */
    void publish(boolean present) throws Exception;

    /** What the call is, for the output. */
    String describe();

    /** One {@code PATCH} of the zone through PowerDNS's API (REPLACE or DELETE of both sets), as converge sends. */
    static DnsDirect powerDns(PowerDnsRig rig, String zone, String name, String target) {
        return new DnsDirect() {
            @Override
            public void publish(boolean present) throws Exception {
                String change = present ? "REPLACE" : "DELETE";
                String rrsets = "[" + rrset(change, name, "CNAME", "\"" + target + "\"") + ","
                        + rrset(change, "_converge." + name, "TXT", "\"\\\"bench owner=direct\\\"\"") + "]";
                HttpResponse<String> r = rig.patch(zone, rrsets);
                if (r.statusCode() != 204) {
                    throw new Bench.Failed("PowerDNS PATCH " + zone + ": HTTP " + r.statusCode() + " " + r.body());
                }
            }

            @Override
            public String describe() {
                return "PowerDNS API PATCH (REPLACE|DELETE of the CNAME and its TXT)";
            }
        };
    }

    private static String rrset(String change, String name, String type, String content) {
        return "{\"name\":\"" + name + "\",\"type\":\"" + type + "\",\"changetype\":\"" + change + "\",\"ttl\":60,"
                + "\"records\":[{\"content\":" + content + ",\"disabled\":false}]}";
    }

    /**
     * One dynamic update signed with the rig's TSIG key over TCP, as {@code nsupdate -v -k} would send it, in the
     * bench's JVM (dnsjava, the library converge's provider uses; no process started per change): without
     * prerequisites (converge's carry the sets as it read them, and it reads before it writes).
     */
    static DnsDirect rfc2136(BindRig rig, String zone, String name, String target) throws Exception {
        SimpleResolver server = new SimpleResolver("127.0.0.1");
        server.setPort(rig.port);
        server.setTCP(true);
        server.setTimeout(Duration.ofSeconds(5));
        server.setTSIGKey(new TSIG(TSIG.HMAC_SHA256, BindRig.KEY + ".", rig.secret()));
        Name zoneName = Name.fromString(zone);
        Name cname = Name.fromString(name);
        Name owner = Name.fromString("_converge." + name);
        return new DnsDirect() {
            @Override
            public void publish(boolean present) throws Exception {
                Update update = new Update(zoneName);
                if (present) {
                    update.replace(cname, Type.CNAME, 60, target);
                    update.replace(owner, Type.TXT, 60, "\"bench owner=direct\"");
                } else {
                    update.delete(cname, Type.CNAME);
                    update.delete(owner, Type.TXT);
                }
                Message answer = server.send(update);
                if (answer.getRcode() != Rcode.NOERROR) {
                    throw new Bench.Failed("UPDATE of " + zone + " answered " + Rcode.string(answer.getRcode()));
                }
            }

            @Override
            public String describe() {
                return "RFC 2136 UPDATE with TSIG over TCP (dnsjava, as nsupdate -v)";
            }
        };
    }
}
