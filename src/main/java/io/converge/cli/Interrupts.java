package io.converge.cli;

import java.io.PrintWriter;
import sun.misc.Signal;

/** Ctrl-C (SIGINT) as the normal end of a command that runs until interrupted: flush what was printed, exit 0. */
final class Interrupts {
    private Interrupts() {
    }

    static void exitZeroOnInterrupt(PrintWriter out) {
        Signal.handle(new Signal("INT"), signal -> {
            out.flush();
            System.exit(0);
        });
    }
}
