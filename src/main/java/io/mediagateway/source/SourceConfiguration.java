package io.mediagateway.source;

import io.mediagateway.config.GatewayProperties;
import io.mediagateway.feed.FeedBroadcaster;
import io.mediagateway.pulse.PulseAudioSupervisor;
import io.mediagateway.video.VirtualCamera;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Stream and file sources: the ingest bean of the route, its Camel component, and the virtual-input pipeline. */
@Configuration(proxyBeanMethods = false)
public class SourceConfiguration {

    @Bean
    public SourceIngest sourceIngest() {
        return new SourceIngest();
    }

    @Bean
    public SourcePipelineFactory sourcePipelineFactory(SourceIngest ingest, VirtualCamera camera, FeedBroadcaster feed,
            PulseAudioSupervisor pulse, GatewayProperties gateway) {
        return new SourcePipelineFactory(ingest, camera, feed, pulse, gateway);
    }

    @Bean("source")
    public SourceComponent sourceComponent() {
        return new SourceComponent();
    }
}
