package io.converge.cli;

import io.converge.model.Kind;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code converge delete KIND NAME}: deletes the spec key; the operators then remove what they created. */
@Command(name = "delete", mixinStandardHelpOptions = true, description = "Delete a resource's spec; converge then removes what it created for it.")
public class DeleteCommand extends ClientCommand implements Callable<Integer> {

    @Parameters(index = "0", description = "kind: Service, services, svc, pf, route, dns, ...")
    String kindText;

    @Parameters(index = "1", description = "name")
    String name;

    @Override
    public Integer call() {
        Kind kind = kind(kindText);
        Kv kv = kv();
        String key = paths().spec(kind, name);
        if (kv.get(key).isEmpty()) {
            err().printf("%s \"%s\" not found (no key %s)%n", kind.kindName(), name, key);
            return 1;
        }
        kv.delete(key);
        out().printf("%s/%s deleted%n", kind.kindName().toLowerCase(java.util.Locale.ROOT), name);
        return 0;
    }
}
