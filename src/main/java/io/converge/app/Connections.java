package io.converge.app;

import io.converge.config.ConvergeConfig;
import io.converge.consul.ConsulConnection;
import io.converge.consul.ConsulSettings;
import io.converge.model.DocumentValidator;
import io.converge.services.docker.ContainerDns;
import io.converge.services.docker.DockerRuntime;
import io.converge.store.consul.KvPaths;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.mutiny.core.Vertx;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** Lazily opened connections to Consul and Docker, and the shared validator; for the operator and the CLI. */
@ApplicationScoped
public class Connections {

    @Inject
    ConvergeConfig config;

    @Inject
    Vertx vertx;

    @Inject
    MeterRegistry meters;

    @Inject
    io.quarkus.scheduler.Scheduler scheduler;

    private ConsulConnection consul;
    private DockerRuntime docker;
    private DocumentValidator validator;

    public synchronized ConsulConnection consul() {
        if (consul == null) {
            ConvergeConfig.Consul c = config.consul();
            consul = new ConsulConnection(vertx, ConsulSettings.resolve(c.address(), c.token(), c.ssl(), c.caCert(),
                    c.clientCert(), c.clientKey(), c.requestTimeout(), System.getenv()), meters);
        }
        return consul;
    }

    public synchronized DockerRuntime docker() {
        if (docker == null) {
            ConvergeConfig.Containers c = config.containers();
            docker = new DockerRuntime(dockerHost(), ContainerDns.of(c.dns(), c.dnsSearch()));
        }
        return docker;
    }

    /** Quarkus's Vert.x (the forward-auth endpoint runs on its event loop). */
    public io.vertx.core.Vertx vertx() {
        return vertx.getDelegate();
    }

    public synchronized DocumentValidator validator() {
        if (validator == null) {
            validator = new DocumentValidator(config.kv().maxValueBytes());
        }
        return validator;
    }

    /** Where Docker is, as configured or from {@code DOCKER_HOST}. */
    public String dockerHost() {
        return config.docker().host().orElseGet(() -> DockerRuntime.defaultHost(System.getenv()));
    }

    public KvPaths paths() {
        return new KvPaths(config.kv().prefix());
    }

    public ConvergeConfig config() {
        return config;
    }

    /** Quarkus's scheduler (the Service room's backups). */
    public io.quarkus.scheduler.Scheduler scheduler() {
        return scheduler;
    }

    @PreDestroy
    synchronized void close() {
        if (consul != null) {
            consul.close();
        }
        if (docker != null) {
            try {
                docker.close();
            } catch (Exception e) {
                // closing at exit
            }
        }
    }
}
