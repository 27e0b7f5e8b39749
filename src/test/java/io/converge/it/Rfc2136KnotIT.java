package io.converge.it;

/** The {@link Rfc2136Contract} against a real Knot DNS 3.2 ({@link KnotRig}). */
class Rfc2136KnotIT extends Rfc2136Contract {

    @Override
    AuthoritativeRig startServer() throws Exception {
        return KnotRig.start();
    }
}
