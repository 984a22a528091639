package io.mediagateway.webrtc;

import io.mediagateway.config.GatewayProperties;
import io.mediagateway.feed.FeedBroadcaster;
import io.mediagateway.http.JsonBodyReader;
import io.mediagateway.pulse.PulseAudioSupervisor;
import io.mediagateway.video.VirtualCamera;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** WebRTC: the native owner, the ingest, the livestream viewers, the Camel component and REST bean, the virtual-input pipeline. */
@Configuration(proxyBeanMethods = false)
public class WebRtcConfiguration {

    /** Owns every native WebRTC object; the ingest and the livestream viewers share it. */
    @Bean
    public WebRtcEngine webRtcEngine(GatewayProperties gateway) {
        return new WebRtcEngine(gateway.getWebrtc());
    }

    @Bean
    public WebRtcIngest webRtcIngest(WebRtcEngine engine) {
        return new WebRtcIngest(engine);
    }

    /** The livestreams' viewers ({@code webrtc:<stream>?viewers=#webRtcViewers}). */
    @Bean
    public WebRtcViewers webRtcViewers(WebRtcEngine engine, GatewayProperties gateway) {
        return new WebRtcViewers(engine, gateway.getLivestream().getMaxWebrtcViewers(),
                gateway.getLivestream().getWebrtcConnectTimeout());
    }

    @Bean
    public WebRtcPipelineFactory webRtcPipelineFactory(WebRtcIngest ingest, VirtualCamera camera, FeedBroadcaster feed,
            PulseAudioSupervisor pulse, GatewayProperties gateway) {
        return new WebRtcPipelineFactory(ingest, camera, feed, pulse, gateway);
    }

    @Bean
    public WebRtcApi webRtcApi(JsonBodyReader bodies, GatewayProperties gateway) {
        return new WebRtcApi(bodies, gateway.getWebrtc());
    }

    @Bean("webrtc")
    public WebRtcComponent webrtcComponent() {
        return new WebRtcComponent();
    }
}
