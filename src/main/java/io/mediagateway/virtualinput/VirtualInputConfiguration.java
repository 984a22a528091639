package io.mediagateway.virtualinput;

import io.mediagateway.config.GatewayProperties;
import io.mediagateway.http.GatewayHttpServer;
import io.mediagateway.http.JsonBodyReader;
import io.mediagateway.runtime.SystemParts;
import io.mediagateway.virtualinput.pipeline.IngestPipelineFactory;
import io.mediagateway.virtualinput.pipeline.IngestPipelines;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
public class VirtualInputConfiguration {

    /** Every {@link IngestPipelineFactory} bean, in {@code @Order}, is a candidate for configured kinds. */
    @Bean
    public IngestPipelines ingestPipelines(ObjectProvider<IngestPipelineFactory> factories) {
        return new IngestPipelines(factories.orderedStream().toList());
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
