package io.mediagateway.livestream;

import io.mediagateway.config.GatewayProperties;
import io.mediagateway.http.GatewayHttpServer;
import io.mediagateway.http.JsonBodyReader;
import io.mediagateway.runtime.PulseAudioProbe;
import io.mediagateway.runtime.SystemParts;
import io.mediagateway.webrtc.WebRtcViewers;
import org.apache.camel.CamelContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/** Livestreams: the shared captures, the three Camel components, the service, its REST adapter and viewer socket. */
@Configuration(proxyBeanMethods = false)
public class LivestreamConfiguration {

    @Bean
    public CaptureSupervisor captureSupervisor(GatewayProperties gateway, PulseAudioProbe pulseAudioProbe) {
        return new CaptureSupervisor(gateway, () -> pulseAudioProbe.reachableServer().orElse(null));
    }

    @Bean
    public StreamOutputs streamOutputs(GatewayProperties gateway, WebRtcViewers webRtcViewers) {
        return new StreamOutputs(gateway.getLivestream().getViewerQueueBytes(), webRtcViewers);
    }

    @Bean("desktop")
    public DesktopEndpoint.Component desktopComponent(CaptureSupervisor captureSupervisor) {
        return new DesktopEndpoint.Component(captureSupervisor);
    }

    @Bean("rtmp-push")
    public RtmpPushEndpoint.Component rtmpPushComponent(StreamOutputs streamOutputs, GatewayProperties gateway) {
        return new RtmpPushEndpoint.Component(streamOutputs, gateway.getLivestream());
    }

    @Bean("stream-socket")
    public StreamSocketEndpoint.Component streamSocketComponent(StreamOutputs streamOutputs) {
        return new StreamSocketEndpoint.Component(streamOutputs);
    }

    @Bean
    public StreamRoutes streamRoutes(CamelContext camel, GatewayProperties gateway, Environment env) {
        return new CamelStreamRoutes(camel, new io.mediagateway.runtime.DisplayProbe(gateway.getDisplay(), env).displayName(),
                gateway.getRtmp()::getPort);
    }

    @Bean(destroyMethod = "close")
    public LivestreamService livestreamService(StreamRoutes streamRoutes, StreamOutputs streamOutputs,
            SystemParts systemParts, GatewayProperties gateway) {
        return new LivestreamService(streamRoutes, streamOutputs, systemParts, gateway.getLivestream().getMaxStreams());
    }

    @Bean
    public StreamValidator streamValidator() {
        return new StreamValidator();
    }

    @Bean
    public LivestreamApi livestreamApi(LivestreamService livestreamService, StreamOutputs streamOutputs,
            StreamValidator streamValidator, JsonBodyReader bodies, GatewayProperties gateway, GatewayHttpServer http) {
        return new LivestreamApi(livestreamService, streamOutputs, streamValidator, bodies, gateway, http);
    }

    @Bean(destroyMethod = "close")
    public StreamSocketServer streamSocketServer(GatewayHttpServer http, LivestreamService livestreamService,
            StreamOutputs streamOutputs) {
        StreamSocketServer server = new StreamSocketServer(http, livestreamService, streamOutputs);
        server.attach();
        return server;
    }
}
