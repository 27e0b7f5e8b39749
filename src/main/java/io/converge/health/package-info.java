/** Liveness and readiness of {@code converge run}, from each source and adapter. Checks never throw. */
package io.converge.health;
