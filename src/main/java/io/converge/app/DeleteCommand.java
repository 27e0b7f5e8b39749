package io.converge.app;

import io.converge.model.Kind;
import io.converge.store.consul.KvClient;
import jakarta.inject.Inject;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code converge delete KIND NAME}: deletes the spec key; the operators then remove what they created. */
@Command(name = "delete", description = "Delete a resource's spec; converge then removes what it created for it.")
public class DeleteCommand implements Callable<Integer> {

    @Parameters(index = "0", description = "kind: Service, services, svc, pf, route, dns, ...")
    String kindText;

    @Parameters(index = "1", description = "name")
    String name;

    @Spec
    CommandSpec spec;

    @Inject
    Connections connections;

    @Override
    public Integer call() {
        Kind kind = Kinds.parse(spec, kindText);
        KvClient kv = new KvClient(connections.consul());
        String key = connections.paths().spec(kind, name);
        if (kv.get(key).isEmpty()) {
            spec.commandLine().getErr().printf("%s \"%s\" not found (no key %s)%n", kind.kindName(), name, key);
            return 1;
        }
        kv.delete(key);
        spec.commandLine().getOut().printf("%s/%s deleted%n", kind.kindName().toLowerCase(java.util.Locale.ROOT), name);
        return 0;
    }
}
