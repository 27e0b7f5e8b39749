/**
 * The connection to the local Consul agent, shared by the Consul adapters ({@code store.consul},
 * {@code services.consul}, {@code placement.consul}): address, ACL token and TLS resolved from
 * configuration and Consul's own environment variables, the Vert.x Consul client, and plain HTTP for the few
 * agent endpoints whose fields that client does not carry, with a counter per endpoint of the requests made
 * through it ({@code converge.consul.requests}); and the general-purpose KV pieces the adapters share
 * ({@code KvClient}, the blocking-query loop {@code BlockingWatch} with {@code BlockingIndex}, the failure type
 * {@code ConsulFailure}). No domain knowledge: depends on nothing in converge but {@code kernel}'s backoff.
 */
package io.converge.consul;
