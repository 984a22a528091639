package io.mediagateway.livestream;

/**
 * Runs a stream's pipeline (capture → encoder → output) and stops it. The Camel implementation adds a route from a
 * template in routes/livestream-routes.yaml; the seam lets the service be tested without starting media.
 */
public interface StreamRoutes {

    /** Starts the stream's route; throws (leaving nothing running) when its capture cannot start. */
    void start(StreamSpec spec);

    /** Stops and removes the stream's route (no-op when it is not there). */
    void stop(String streamId);

    /** The stable id of a stream's route. */
    static String routeId(String streamId) {
        return "livestream-" + streamId;
    }
}
