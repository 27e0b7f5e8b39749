package io.converge.it;

/** The {@link Rfc2136Contract} against a real BIND 9.18 ({@link BindRig}). */
class Rfc2136ProviderIT extends Rfc2136Contract {

    @Override
    AuthoritativeRig startServer() throws Exception {
        return BindRig.start();
    }
}
