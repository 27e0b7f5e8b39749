/**
 * The Caddy adapter of the Route room: {@link io.converge.routes.caddy.CaddyProxy} implements
 * {@link io.converge.routes.Proxy} through Caddy 2.6's admin API with the JDK HTTP client (plain Java, no CDI).
 * {@link io.converge.routes.caddy.CaddyConfig} renders converge's part (pure, deterministic): a server of converge's
 * own in {@code apps.http.servers} and the entries of {@code apps.tls} whose {@code @id} starts with
 * {@code converge-} ({@link io.converge.routes.caddy.CaddyTls}); nothing else in Caddy's configuration is ever
 * written. Depends on {@code routes}, {@code kernel} and {@code model} (its Jackson mapper) only.
 */
package io.converge.routes.caddy;
