package io.converge.it;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** The files of a {@link SlapdRig}: slapd.conf, its TLS certificate, and the seed LDIF. */
final class SlapdFiles {
    private static final Duration LIMIT = Duration.ofSeconds(30);

    private SlapdFiles() {
    }

    /** slapd.conf: the usual schemas, one mdb database with the memberof overlay, reads for bound users only. */
    static String config(Path dir, String rootDn, String rootHash) {
        return """
                include /etc/ldap/schema/core.schema
                include /etc/ldap/schema/cosine.schema
                include /etc/ldap/schema/inetorgperson.schema
                include /etc/ldap/schema/nis.schema
                modulepath /usr/lib/ldap
                moduleload back_mdb
                moduleload memberof
                pidfile %1$s/slapd.pid
                argsfile %1$s/slapd.args
                TLSCACertificateFile %1$s/ca.crt
                TLSCertificateFile %1$s/server.crt
                TLSCertificateKeyFile %1$s/server.key
                database mdb
                suffix "%2$s"
                rootdn "%3$s"
                rootpw %4$s
                directory %1$s/db
                maxsize 67108864
                overlay memberof
                memberof-group-oc groupOfNames
                memberof-member-ad member
                memberof-memberof-ad memberOf
                memberof-refint true
                access to attrs=userPassword by self write by anonymous auth by * none
                access to * by users read by anonymous auth
                """.formatted(dir, SlapdRig.BASE, rootDn, rootHash);
    }

    /** A CA and a server certificate for IP 127.0.0.1 signed by it, with {@code openssl}. */
    static void writeCertificates(Path dir) {
        String d = dir.toString();
        run("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=converge-it-ca",
                "-keyout", d + "/ca.key", "-out", d + "/ca.crt");
        run("openssl", "req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=127.0.0.1", "-keyout",
                d + "/server.key", "-out", d + "/server.csr");
        java.nio.file.Path ext = dir.resolve("san.ext");
        try {
            java.nio.file.Files.writeString(ext, "subjectAltName=IP:127.0.0.1\n");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        run("openssl", "x509", "-req", "-in", d + "/server.csr", "-CA", d + "/ca.crt", "-CAkey", d + "/ca.key",
                "-CAcreateserial", "-days", "2", "-extfile", ext.toString(), "-out", d + "/server.crt");
    }

    /** The base, the service account, alice and bob, and two groups. */
    static String seed(String bindHash, String aliceHash, String bobHash) {
        return """
                dn: dc=example,dc=jp
                objectClass: dcObject
                objectClass: organization
                o: example
                dc: example

                dn: ou=people,dc=example,dc=jp
                objectClass: organizationalUnit
                ou: people

                dn: ou=services,dc=example,dc=jp
                objectClass: organizationalUnit
                ou: services

                dn: ou=groups,dc=example,dc=jp
                objectClass: organizationalUnit
                ou: groups

                dn: cn=proxy,ou=services,dc=example,dc=jp
                objectClass: organizationalRole
                objectClass: simpleSecurityObject
                cn: proxy
                userPassword: %s

                dn: uid=alice,ou=people,dc=example,dc=jp
                objectClass: inetOrgPerson
                uid: alice
                cn:: QWxpY2Ug5bGx55Sw
                sn: Yamada
                mail: alice@example.jp
                userPassword: %s

                dn: uid=bob,ou=people,dc=example,dc=jp
                objectClass: inetOrgPerson
                uid: bob
                cn: Bob
                sn: Bob
                mail: bob@example.jp
                mail: b@example.jp
                userPassword: %s

                dn: cn=admins,ou=groups,dc=example,dc=jp
                objectClass: groupOfNames
                cn: admins
                member: uid=alice,ou=people,dc=example,dc=jp

                dn: cn=staff,ou=groups,dc=example,dc=jp
                objectClass: groupOfNames
                cn: staff
                member: uid=alice,ou=people,dc=example,dc=jp
                member: uid=bob,ou=people,dc=example,dc=jp
                """.formatted(bindHash, aliceHash, bobHash);
    }

    private static void run(String... command) {
        Cmd.run(List.of(command), "", LIMIT).check();
    }
}
