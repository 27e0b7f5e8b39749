/**
 * The Service room: the planner (pure), the reconciler, and its ports to the container engine
 * ({@link io.converge.services.ContainerRuntime}) and the service registry
 * ({@link io.converge.services.InstanceRegistry}). Adapters live in {@code services.docker} and
 * {@code services.consul}. Depends on {@code kernel} and {@code model} only.
 */
package io.converge.services;
