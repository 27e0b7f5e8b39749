package io.converge.app;

import io.converge.config.ConvergeConfig;
import io.converge.dnat.ForwardPlanner;
import io.converge.dnat.PortForwardRoom;
import io.converge.dnat.WanAddresses;
import io.converge.dnat.nft.NftFirewall;
import io.converge.kernel.Room;
import io.converge.kernel.RoomContext;
import io.converge.recording.RecordingRoom;
import io.converge.services.ServiceRoom;
import io.converge.services.consul.ConsulInstanceRegistry;
import io.converge.services.scheduler.QuarkusBackupScheduler;
import java.util.ArrayList;
import java.util.List;

/** The rooms of {@code converge run}, one line each: adding a room touches no other room and nothing else here. */
final class Rooms {

    private Rooms() {
    }

    static List<Room> create(RoomContext context, Connections connections) {
        ConvergeConfig config = connections.config();
        List<Room> rooms = new ArrayList<>();
        rooms.add(new ServiceRoom(context, connections.docker(), new ConsulInstanceRegistry(connections.consul()),
                config.containers().nodeSuffix(), config.docker().stopGrace(), java.nio.file.Path.of(config.dataRoot()),
                new QuarkusBackupScheduler(connections.scheduler())));
        if (config.dnat().enabled()) {
            rooms.add(portForwards(context, config.dnat()));
        }
        if (config.proxy().enabled()) {
            rooms.add(ProxyRooms.routes(context, config.proxy(), connections.vertx()));
        }
        DnsRooms.of(context, config.dns(), System::getenv).ifPresent(rooms::add);
        return RecordingRoom.besides(rooms, config.bench().recordEnqueues(), context.clock());   // benchmarks only
    }

    private static Room portForwards(RoomContext context, ConvergeConfig.Dnat dnat) {
        return new PortForwardRoom(context, new NftFirewall(dnat.nft(), dnat.conntrack(), dnat.ip(), dnat.netns(),
                dnat.monitor()), WanAddresses.of(dnat.wanAddresses(), context.node()),
                ForwardPlanner.Masquerade.valueOf(dnat.masquerade().name()));
    }
}
