package io.mediagateway.management;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.mediagateway.config.GatewayProperties;
import io.mediagateway.display.XvfbSupervisor;
import io.mediagateway.feed.FeedBroadcaster;
import io.mediagateway.livestream.LivestreamApi;
import io.mediagateway.livestream.LivestreamService;
import io.mediagateway.livestream.StreamOutputs;
import io.mediagateway.mediasocket.MediaSocketRegistry;
import io.mediagateway.pulse.PulseAudioSupervisor;
import io.mediagateway.rtmp.RtmpServer;
import io.mediagateway.virtualinput.VirtualInputApi;
import io.mediagateway.virtualinput.VirtualInputService;
import io.mediagateway.webrtc.WebRtcEngine;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.component.micrometer.routepolicy.MicrometerRoutePolicyFactory;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** JMX MBeans of the gateway's services, Prometheus metrics, and the Hawtio console on the management port. */
@Configuration(proxyBeanMethods = false)
public class ManagementConfiguration {

    @Bean
    public ManagementServer managementServer(GatewayProperties gateway) {
        return new ManagementServer(gateway.getManagement());
    }

    @Bean("statusPage")
    public StatusPage statusPage(ManagementServer management) {
        return new StatusPage(management);
    }

    @Bean(destroyMethod = "close")
    public PrometheusMeterRegistry prometheusMeterRegistry() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        return registry;
    }

    @Bean(destroyMethod = "close")
    public JvmGcMetrics jvmGcMetrics(PrometheusMeterRegistry registry) {
        JvmGcMetrics gc = new JvmGcMetrics();
        gc.bindTo(registry);
        return gc;
    }

    /**
     * Per-route exchange counts and processing-time histograms (one exchange = one chunk on the ingest routes). Added
     * before the routes are created: a factory bean alone is picked up too late for routes loaded from YAML.
     */
    @Bean
    public CamelContextConfiguration routeMetrics(PrometheusMeterRegistry registry) {
        return new CamelContextConfiguration() {
            @Override
            public void beforeApplicationStart(CamelContext camelContext) {
                MicrometerRoutePolicyFactory factory = new MicrometerRoutePolicyFactory();
                factory.setMeterRegistry(registry);
                camelContext.addRoutePolicyFactory(factory);
            }

            @Override
            public void afterApplicationStart(CamelContext camelContext) {
            }
        };
    }

    @Bean("gatewayMetrics")
    public GatewayMetrics gatewayMetrics(PrometheusMeterRegistry registry, VirtualInputService inputs,
            PulseAudioSupervisor pulse, XvfbSupervisor display, LivestreamService streams, StreamOutputs outputs,
            RtmpServer rtmp, WebRtcEngine webrtc) {
        return new GatewayMetrics(registry, inputs, pulse, display, streams, outputs, rtmp, webrtc);
    }

    @Bean
    public VirtualInputsMBean virtualInputsMBean(VirtualInputService service, VirtualInputApi api,
            @Qualifier("gatewayObjectMapper") ObjectMapper json) {
        return new VirtualInputsMBean(service, api, json);
    }

    @Bean
    public PulseAudioMBean pulseAudioMBean(PulseAudioSupervisor supervisor) {
        return new PulseAudioMBean(supervisor);
    }

    @Bean
    public LivestreamsMBean livestreamsMBean(LivestreamService service, LivestreamApi api,
            @Qualifier("gatewayObjectMapper") ObjectMapper json) {
        return new LivestreamsMBean(service, api, json);
    }

    @Bean
    public DisplayMBean displayMBean(XvfbSupervisor supervisor) {
        return new DisplayMBean(supervisor);
    }

    @Bean
    public WebRtcMBean webRtcMBean(WebRtcEngine engine) {
        return new WebRtcMBean(engine);
    }

    @Bean
    public RtmpServerMBean rtmpServerMBean(RtmpServer server) {
        return new RtmpServerMBean(server);
    }

    @Bean
    public MediaSocketsMBean mediaSocketsMBean(MediaSocketRegistry mediaSockets, FeedBroadcaster feed) {
        return new MediaSocketsMBean(mediaSockets, feed);
    }
}
