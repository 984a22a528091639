package io.mediagateway.virtualinput;

import io.mediagateway.config.GatewayProperties;
import io.mediagateway.http.GatewayHttpServer;
import io.mediagateway.http.JsonBodyReader;
import io.mediagateway.pulse.PulseAudioSupervisor;
import io.mediagateway.runtime.SystemParts;
import io.mediagateway.virtualinput.pipeline.IngestPipelineFactory;
import io.mediagateway.virtualinput.pipeline.IngestPipelines;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
public class VirtualInputConfiguration {

    /**
     * Every {@link IngestPipelineFactory} bean, in {@code @Order}, is a candidate for configured kinds; audio of any type
     * needs the PulseAudio the supervisor attached to or runs.
     */
    @Bean
    public IngestPipelines ingestPipelines(ObjectProvider<IngestPipelineFactory> factories, PulseAudioSupervisor pulse) {
        return new IngestPipelines(factories.orderedStream().toList(), pulse::unavailability);
    }

    @Bean(destroyMethod = "close")
    public VirtualInputService virtualInputService(IngestPipelines pipelines) {
        return new VirtualInputService(pipelines);
    }

    @Bean
    public VirtualInputValidator virtualInputValidator(GatewayProperties gateway) {
        return new VirtualInputValidator(gateway.getVideo(), new SourceUrlPolicy(gateway.getSources()));
    }

    @Bean
    public VirtualInputApi virtualInputApi(VirtualInputService service, VirtualInputValidator validator,
            JsonBodyReader bodies, SystemParts system, GatewayProperties gateway, GatewayHttpServer http) {
        return new VirtualInputApi(service, validator, bodies, system, gateway, http);
    }
}
