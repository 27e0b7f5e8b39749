package io.converge.app;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Classes read or written by Jackson through reflection, registered so that a native image (built where
 * Mandrel exists; see {@code native/README.md}) can serialize them. In the JVM build this is inert.
 */
@RegisterForReflection(ignoreNested = false, targets = {
    io.converge.model.Status.class,
    io.converge.model.Condition.class,
    io.converge.model.NodeStatus.class,
    io.converge.model.PlacementSpec.class,
    io.converge.services.ServiceSpec.class,
    io.converge.services.ServiceSpec.Port.class,
    io.converge.services.ServiceSpec.Volume.class,
    io.converge.services.ServiceSpec.Resources.class,
    io.converge.services.ServiceSpec.Check.class,
    com.github.dockerjava.api.model.Container.class,
    com.github.dockerjava.api.model.ContainerNetwork.class,
    com.github.dockerjava.api.model.ContainerNetworkSettings.class,
    com.github.dockerjava.api.model.ContainerConfig.class,
    com.github.dockerjava.api.model.ContainerPort.class,
    com.github.dockerjava.api.model.ContainerMount.class,
    com.github.dockerjava.api.model.ContainerHostConfig.class,
    com.github.dockerjava.api.command.InspectContainerResponse.class,
    com.github.dockerjava.api.command.InspectContainerResponse.ContainerState.class,
    com.github.dockerjava.api.command.InspectImageResponse.class,
    com.github.dockerjava.api.command.CreateContainerResponse.class,
    com.github.dockerjava.api.model.NetworkSettings.class,
    com.github.dockerjava.api.model.Event.class,
    com.github.dockerjava.api.model.EventActor.class,
    com.github.dockerjava.api.model.EventType.class,
    com.github.dockerjava.api.model.HostConfig.class,
    com.github.dockerjava.api.model.Mount.class,
    com.github.dockerjava.api.model.MountType.class,
    com.github.dockerjava.api.model.BindOptions.class,
    com.github.dockerjava.api.model.ExposedPort.class,
    com.github.dockerjava.api.model.ExposedPorts.class,
    com.github.dockerjava.api.model.Ports.class,
    com.github.dockerjava.api.model.Ports.Binding.class,
    com.github.dockerjava.api.model.PortBinding.class,
    com.github.dockerjava.api.model.RestartPolicy.class,
    com.github.dockerjava.api.model.PullResponseItem.class,
    com.github.dockerjava.api.model.ResponseItem.class,
    com.github.dockerjava.api.model.ResponseItem.ProgressDetail.class,
    com.github.dockerjava.api.model.ResponseItem.ErrorDetail.class,
    com.github.dockerjava.api.model.Volume.class,
    com.github.dockerjava.api.model.Volumes.class,
    com.github.dockerjava.api.model.Binds.class,
    com.github.dockerjava.api.model.Links.class,
    com.github.dockerjava.api.model.LogConfig.class,
    com.github.dockerjava.api.model.Ulimit.class,
    com.github.dockerjava.api.model.Device.class,
    com.github.dockerjava.api.model.HealthCheck.class,
    com.github.dockerjava.api.model.Info.class,
    com.github.dockerjava.api.model.Version.class,
})
final class NativeReflection {
    private NativeReflection() {
    }
}
