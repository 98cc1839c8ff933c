package dev.scatterbatch.app.cluster;

import io.vertx.core.json.JsonObject;

/**
 * The messages between scatterbatch processes: JSON objects, each carrying the wire version, its type and its
 * fields. A member of another version is refused when it joins, in one sentence naming both versions: the message
 * shapes, the model and therefore the numbers may differ between versions, and a mixed cluster would quietly give
 * results neither version gives alone.
 */
public final class ClusterProtocol {

    /** The version of every message shape between processes; raise it whenever one changes. */
    public static final int VERSION = 2;

    /** Failure code of a join refused (EPROTO: the peer speaks another protocol). */
    public static final int REFUSED = 71;
    /** Failure code of a world that failed on a worker (EIO): it would fail the same everywhere, so it is not retried. */
    public static final int WORLD_FAILED = 5;

    private ClusterProtocol() {
    }

    /** A message of {@code type} at this version. */
    public static JsonObject message(String type) {
        return new JsonObject().put("version", VERSION).put("type", type);
    }

    /**
     * Why {@code message} from {@code who} cannot be taken (another version, or not the {@code type} expected), or null
     * when it can.
     */
    public static String refusal(JsonObject message, String type, String who) {
        if (message == null) return who + " sent an empty message where a " + type + " was expected";
        Object version = message.getValue("version");
        if (!(version instanceof Number n) || n.intValue() != VERSION) {
            return who + " speaks scatterbatch wire version " + version + " and this member speaks version " + VERSION
                    + ": run the same scatterbatch release on every member";
        }
        if (!type.equals(message.getString("type"))) {
            return who + " sent a " + message.getString("type") + " message where a " + type + " was expected";
        }
        return null;
    }

    /** Event-bus addresses; a cluster name is one experiment, so they need no further qualifier. */
    static final class Addresses {
        /** Where workers announce themselves to the coordinator. */
        static final String FARM_JOIN = "scatterbatch.farm.join";
        /** Where guests announce themselves to the host. */
        static final String HOST_JOIN = "scatterbatch.host.join";

        private Addresses() {
        }

        /** Worker {@code id}: a message here is a world to run, answered with its statistics. */
        static String worker(String id) {
            return "scatterbatch.farm.worker." + id;
        }

        /** Guest process {@code guestId}: the host's orders (boot a world's guest, end it, end the run). */
        static String guestControl(int guestId) {
            return "scatterbatch.guest." + guestId + ".control";
        }
    }
}
