package io.mediagateway.livestream;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import io.mediagateway.config.GatewayProperties;
import io.mediagateway.http.ApiException;
import io.mediagateway.http.GatewayHttpServer;
import io.mediagateway.http.JsonBodyReader;
import io.mediagateway.http.PublicUrls;
import io.mediagateway.webrtc.SdpOffer;
import org.apache.camel.Body;
import org.apache.camel.Header;
import org.apache.camel.Headers;

/** What the livestream REST routes call: request in, StreamInfo out (the route renders JSON). */
public class LivestreamApi {

    static final String SOCKET_PATH = "/stream/socket/";
    static final String WEBRTC_OFFER_PATH = "/stream/webrtc/offer";

    /** {@code {"id", "sdp"}}; {@code type} may be sent as a browser's RTCSessionDescription has it. */
    record WebRtcOfferRequest(String id, String sdp, String type) {
    }

    private final LivestreamService service;
    private final StreamOutputs outputs;
    private final StreamValidator validator;
    private final JsonBodyReader bodies;
    private final GatewayProperties gateway;
    private final GatewayHttpServer http;
    private final String page;

    public LivestreamApi(LivestreamService service, StreamOutputs outputs, StreamValidator validator,
            JsonBodyReader bodies, GatewayProperties gateway, GatewayHttpServer http) {
        this.service = service;
        this.outputs = outputs;
        this.validator = validator;
        this.bodies = bodies;
        this.gateway = gateway;
        this.http = http;
        this.page = resource("static/livestream/view.html");
    }

    public StreamInfo start(@Body byte[] body, @Headers Map<String, Object> headers) {
        StreamSpec spec = validator.validate(bodies.read(body, StartStreamRequest.class));
        return info(service.start(spec), headers);
    }

    public StreamInfo stop(@Body byte[] body, @Headers Map<String, Object> headers) {
        String id = validator.id(bodies.read(body, StopStreamRequest.class).id());
        StreamInfo last = info(service.find(id).orElse(null), headers);
        service.stop(id);
        return withStreaming(last, false);
    }

    public List<StreamInfo> list(@Headers Map<String, Object> headers) {
        return service.list().stream().map(stream -> info(stream, headers)).toList();
    }

    /**
     * A WebRTC viewer's offer → {@code {"type":"answer","sdp"}} with every candidate. 400 bad body or SDP (checked first,
     * so nothing is looked up for it), 404 unknown id, 409 not a webrtc stream, 503 past max-webrtc-viewers.
     */
    public Map<String, Object> webrtcOffer(@Body byte[] body) {
        WebRtcOfferRequest request = bodies.read(body, WebRtcOfferRequest.class);
        String id = validator.id(request.id());
        if (request.type() != null && !"offer".equalsIgnoreCase(request.type().trim())) {
            throw ApiException.badRequest("Field 'type' must be 'offer' (or left out); got '" + request.type() + "'.");
        }
        SdpOffer.forViewer(request.sdp());
        LivestreamService.LiveStream stream = service.find(id).orElseThrow(() -> ApiException.notFound(
                "No stream with id '" + id + "'. Start one with POST /stream/start {\"id\":\"" + id
                        + "\",\"mode\":\"webrtc\"}."));
        if (stream.spec().mode() != StreamMode.WEBRTC) {
            throw ApiException.conflict("Stream '" + id + "' is a " + stream.spec().mode().wire() + " stream, not a "
                    + "webrtc stream; only mode webrtc streams take WebRTC viewers.");
        }
        return outputs.webrtcOffer(id, request.sdp());
    }

    /** The viewer page of a socket stream: 404 unknown id, 409 not a socket stream. */
    public String viewPage(@Header("id") String id, @Headers Map<String, Object> headers) {
        LivestreamService.LiveStream stream = socketStream(service, id);
        String url = urls(headers).ws(SOCKET_PATH + stream.spec().id());
        return page.replace("__WS_URL__", url).replace("__FORMAT__", stream.spec().format().wire())
                .replace("__ID__", stream.spec().id());
    }

    /** The running socket stream with this id, or the 404/409 SPEC gives for it. */
    static LivestreamService.LiveStream socketStream(LivestreamService service, String id) {
        LivestreamService.LiveStream stream = service.find(id == null ? "" : id).orElseThrow(() -> ApiException.notFound(
                "No stream with id '" + id + "'. Start one with POST /stream/start {\"id\":\"" + id + "\",\"mode\":\"socket\"}."));
        if (stream.spec().mode() != StreamMode.SOCKET) {
            throw ApiException.conflict("Stream '" + id + "' is a " + stream.spec().mode().wire()
                    + " stream, not a socket stream; only mode socket streams are watched at /stream/socket/{id}.");
        }
        return stream;
    }

    private StreamInfo info(LivestreamService.LiveStream stream, Map<String, Object> headers) {
        if (stream == null) {
            return null; // stop of an unknown id: the service answers 404
        }
        PublicUrls urls = urls(headers);
        StreamSpec spec = stream.spec();
        OutputState state = service.state(spec.id());
        String playback = null;
        String websocket = null;
        String webrtc = null;
        String ingest;
        switch (spec.mode()) {
            case INTERNAL -> {
                ingest = urls.rtmp("/live/" + spec.id());
                playback = ingest;
            }
            case REMOTE -> {
                ingest = spec.targetUrl();
                playback = spec.targetUrl();
            }
            case SOCKET -> {
                websocket = urls.ws(SOCKET_PATH + spec.id());
                ingest = websocket;
            }
            case WEBRTC -> {
                webrtc = urls.http(WEBRTC_OFFER_PATH);
                ingest = webrtc;
            }
            default -> ingest = null;
        }
        return new StreamInfo(spec.id(), spec.mode().wire(), ingest, state != null && state.streaming(),
                stream.startedAt(), playback, websocket, webrtc, spec.format() == null ? null : spec.format().wire(),
                spec.framerate(), state == null ? null : state.viewers(), state == null ? null : state.lastError());
    }

    private static StreamInfo withStreaming(StreamInfo info, boolean streaming) {
        return new StreamInfo(info.id(), info.mode(), info.ingestUrl(), streaming, info.startedAt(), info.playbackUrl(),
                info.websocketUrl(), info.webrtcOfferUrl(), info.format(), info.framerate(),
                info.viewers() == null ? null : 0, info.lastError());
    }

    private PublicUrls urls(Map<String, Object> headers) {
        return PublicUrls.of(gateway, http.port(), headers);
    }

    private static String resource(String path) {
        try (InputStream in = LivestreamApi.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("missing from the jar: " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
