package io.converge.app;

import io.converge.config.ConvergeConfig;
import io.converge.kernel.Room;
import io.converge.kernel.RoomContext;
import io.converge.recording.RecordingRoom;
import io.converge.services.ServiceRoom;
import io.converge.services.consul.ConsulInstanceRegistry;
import java.util.List;

/** The rooms of {@code converge run}, one line each: adding a room touches no other room and nothing else here. */
final class Rooms {

    private Rooms() {
    }

    static List<Room> create(RoomContext context, Connections connections) {
        ConvergeConfig config = connections.config();
        List<Room> rooms = List.of(
                new ServiceRoom(context, connections.docker(), new ConsulInstanceRegistry(connections.consul()),
                        config.containers().nodeSuffix(), config.docker().stopGrace()));
        return RecordingRoom.besides(rooms, config.bench().recordEnqueues(), context.clock());   // benchmarks only
    }
}
