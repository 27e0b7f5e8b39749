/**
 * The command-line client: every {@code converge} command but {@code run}, started without the Quarkus runtime
 * (see {@link io.converge.cli.Main}). Plain picocli, the JDK's HTTP client to the Consul agent, Jackson, and the
 * same schema files and {@code DocumentValidator} as the operator. May depend on {@code model}, {@code consul}'s
 * plain pieces ({@code ConsulSettings}, {@code ConsulFailure}, {@code KvClient}'s records), {@code store.consul}'s
 * {@code KvPaths} and, for {@code fence}, {@code services.docker}; never on {@code app}, Quarkus, CDI or Vert.x
 * (checked by {@code ArchitectureTest}).
 */
package io.converge.cli;
