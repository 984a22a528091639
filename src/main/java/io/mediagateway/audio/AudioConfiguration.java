package io.mediagateway.audio;

import io.mediagateway.config.GatewayProperties;
import io.mediagateway.mediasocket.MediaSocketRegistry;
import io.mediagateway.pulse.PulseAudioSupervisor;
import org.apache.camel.Processor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Socket audio ingest: the route bean and gate, and the factory the virtual-input registry picks up. */
@Configuration(proxyBeanMethods = false)
public class AudioConfiguration {

    /** Called by the route virtual-audio-ingest (bean {@code audioIngest}); closes the pipeline at shutdown. */
    @Bean
    public AudioSocketIngest audioIngest() {
        return new AudioSocketIngest();
    }

    /** Route step {@code virtual-audio-decode}. */
    @Bean
    public Processor audioDecode(AudioSocketIngest audioIngest) {
        return audioIngest::decode;
    }

    /** Route step {@code virtual-audio-play}. */
    @Bean
    public Processor audioPlay(AudioSocketIngest audioIngest) {
        return audioIngest::play;
    }

    /** The WebSocket gate named in the route's URI ({@code gate=#audioSocketGate}). */
    @Bean
    public AudioSocketGate audioSocketGate(AudioSocketIngest audioIngest) {
        return new AudioSocketGate(audioIngest);
    }

    /** An idle stream on each sink so the first audio of a session is not lost (see ReadySinks). */
    @Bean
    public ReadySinks readySinks(GatewayProperties gateway, PulseAudioSupervisor pulse) {
        return new ReadySinks(gateway, pulse);
    }

    @Bean
    public AudioSocketPipelineFactory audioSocketPipelineFactory(GatewayProperties gateway, PulseAudioSupervisor pulse,
            MediaSocketRegistry mediaSockets, AudioSocketIngest audioIngest) {
        return new AudioSocketPipelineFactory(gateway, pulse, mediaSockets, audioIngest);
    }
}
