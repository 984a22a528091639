package io.mediagateway.virtualinput.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

import io.mediagateway.http.ApiException;
import io.mediagateway.virtualinput.AudioDestination;
import io.mediagateway.virtualinput.AudioInput;
import io.mediagateway.virtualinput.MediaKind;
import io.mediagateway.virtualinput.SourceType;
import io.mediagateway.virtualinput.VideoInput;
import io.mediagateway.virtualinput.VirtualInputConfig;
import io.mediagateway.virtualinput.VirtualInputService;
import org.junit.jupiter.api.Test;

/**
 * The control plane drives pipelines only through {@link IngestPipeline}: these recording pipelines stand in for the
 * media pipelines (which are tested with real media in their own issues) to pin down what the control plane asks.
 */
class IngestPipelinesTest {

    private static final Supplier<Optional<String>> PULSE_AUDIO_FINE = Optional::empty;

    private final List<String> events = new ArrayList<>();

    private static final VirtualInputConfig SOCKET_VIDEO_WEBRTC_AUDIO = new VirtualInputConfig(
            new VideoInput(SourceType.SOCKET, "mpegts", null, 1280, 720, 30),
            new AudioInput(SourceType.WEBRTC, "opus", null, AudioDestination.MICROPHONE), false);

    @Test
    void eachKindGoesToTheFirstFactoryThatAcceptsIt() {
        VirtualInputService service = new VirtualInputService(new IngestPipelines(List.of(
                new RecordingFactory("socket-video", MediaKind.VIDEO, SourceType.SOCKET),
                new RecordingFactory("webrtc", null, SourceType.WEBRTC)), PULSE_AUDIO_FINE));

        VirtualInputService.Session session = service.configure(SOCKET_VIDEO_WEBRTC_AUDIO);

        assertThat(session.pipelines()).hasSize(2);
        assertThat(events).containsExactly("socket-video create [VIDEO]", "webrtc create [AUDIO]",
                "socket-video start", "webrtc start");
        assertThat(session.pipeline(MediaKind.AUDIO).orElseThrow().stats(MediaKind.AUDIO)).containsEntry("by", "webrtc");
    }

    @Test
    void oneFactoryMayServeBothKindsWithOnePipeline() {
        VirtualInputService service = new VirtualInputService(new IngestPipelines(List.of(
                new RecordingFactory("webrtc", null, SourceType.WEBRTC)), PULSE_AUDIO_FINE));
        VirtualInputConfig both = new VirtualInputConfig(new VideoInput(SourceType.WEBRTC, "ivf", null, 640, 480, 30),
                new AudioInput(SourceType.WEBRTC, "opus", null, AudioDestination.SPEAKER), false);

        VirtualInputService.Session session = service.configure(both);

        assertThat(session.pipelines()).hasSize(1);
        assertThat(events).containsExactly("webrtc create [VIDEO, AUDIO]", "webrtc start");
    }

    @Test
    void kindsWithoutAFactoryAreKeptAndReportedUnavailable() {
        VirtualInputService service = new VirtualInputService(new IngestPipelines(List.of(), PULSE_AUDIO_FINE));

        VirtualInputService.Session session = service.configure(SOCKET_VIDEO_WEBRTC_AUDIO);

        assertThat(session.state()).isEqualTo(VirtualInputService.State.RUNNING);
        assertThat(session.pipeline(MediaKind.VIDEO).orElseThrow().stats(MediaKind.VIDEO))
                .containsEntry("pipeline", "unavailable");
    }

    @Test
    void pauseResumeAndStopReachEveryPipelineOnce() {
        VirtualInputService service = new VirtualInputService(new IngestPipelines(List.of(
                new RecordingFactory("socket-video", MediaKind.VIDEO, SourceType.SOCKET),
                new RecordingFactory("webrtc", null, SourceType.WEBRTC)), PULSE_AUDIO_FINE));
        service.configure(SOCKET_VIDEO_WEBRTC_AUDIO);
        events.clear();

        service.pause();
        service.pause();
        service.resume();
        service.resume();
        service.stop();
        service.stop();

        assertThat(events).containsExactly("socket-video paused=true", "webrtc paused=true",
                "socket-video paused=false", "webrtc paused=false",
                "socket-video close virtual inputs stopped (POST /input/devices/virtual/stop)",
                "webrtc close virtual inputs stopped (POST /input/devices/virtual/stop)");
    }

    @Test
    void startPausedPausesThePipelinesBeforeAnyMediaIsShown() {
        VirtualInputService service = new VirtualInputService(new IngestPipelines(List.of(
                new RecordingFactory("socket-video", MediaKind.VIDEO, SourceType.SOCKET)), PULSE_AUDIO_FINE));

        service.configure(new VirtualInputConfig(SOCKET_VIDEO_WEBRTC_AUDIO.video(), null, true));

        assertThat(events).containsExactly("socket-video create [VIDEO]", "socket-video start", "socket-video paused=true");
    }

    @Test
    void reconfiguringClosesTheOldPipelinesWithAReasonBeforeOpeningNewOnes() {
        VirtualInputService service = new VirtualInputService(new IngestPipelines(List.of(
                new RecordingFactory("socket-video", MediaKind.VIDEO, SourceType.SOCKET)), PULSE_AUDIO_FINE));
        service.configure(new VirtualInputConfig(SOCKET_VIDEO_WEBRTC_AUDIO.video(), null, false));
        events.clear();

        service.configure(new VirtualInputConfig(SOCKET_VIDEO_WEBRTC_AUDIO.video(), null, false));

        assertThat(events).containsExactly("socket-video close replaced by a new configuration",
                "socket-video create [VIDEO]", "socket-video start");
    }

    @Test
    void aFailedPreflightChangesNothing() {
        RecordingFactory video = new RecordingFactory("socket-video", MediaKind.VIDEO, SourceType.SOCKET);
        RecordingFactory audio = new RecordingFactory("pulse", MediaKind.AUDIO, SourceType.SOCKET);
        VirtualInputService service = new VirtualInputService(new IngestPipelines(List.of(video, audio), PULSE_AUDIO_FINE));
        VirtualInputService.Session running = service.configure(new VirtualInputConfig(SOCKET_VIDEO_WEBRTC_AUDIO.video(), null, false));
        events.clear();
        audio.missing = "PulseAudio is not running";

        VirtualInputConfig withAudio = new VirtualInputConfig(SOCKET_VIDEO_WEBRTC_AUDIO.video(),
                new AudioInput(SourceType.SOCKET, "mp3", null, AudioDestination.MICROPHONE), false);
        assertThatThrownBy(() -> service.configure(withAudio))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(503))
                .hasMessageContaining("PulseAudio");

        assertThat(events).containsExactly("pulse preflight [AUDIO]");
        assertThat(service.current()).isSameAs(running);
    }

    @Test
    void audioOfEveryTypeIsRefusedWith503BeforeAnyFactoryIsAskedWhenPulseAudioIsMissing() {
        RecordingFactory video = new RecordingFactory("socket-video", MediaKind.VIDEO, SourceType.SOCKET);
        VirtualInputService service = new VirtualInputService(new IngestPipelines(List.of(video,
                new RecordingFactory("webrtc", null, SourceType.WEBRTC)), () -> Optional.of("install 'pulseaudio'")));
        VirtualInputService.Session running = service.configure(new VirtualInputConfig(SOCKET_VIDEO_WEBRTC_AUDIO.video(), null, false));
        events.clear();

        // stream and file audio have no factory here: the refusal must not depend on one
        for (AudioInput audio : List.of(SOCKET_VIDEO_WEBRTC_AUDIO.audio(),
                new AudioInput(SourceType.SOCKET, "mp3", null, AudioDestination.MICROPHONE),
                new AudioInput(SourceType.STREAM, null, "rtmp://media.local/live/a", AudioDestination.SPEAKER),
                new AudioInput(SourceType.FILE, null, "https://media.local/a.mp3", AudioDestination.MICROPHONE))) {
            assertThatThrownBy(() -> service.configure(new VirtualInputConfig(null, audio, false)))
                    .as(audio.type().id())
                    .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(503))
                    .hasMessage(IngestPipelines.AUDIO_NEEDS_PULSE_AUDIO + "install 'pulseaudio'");
        }

        assertThat(events).isEmpty();
        assertThat(service.current()).isSameAs(running);
    }

    @Test
    void videoOnlyIsNotAskedForPulseAudio() {
        VirtualInputService service = new VirtualInputService(new IngestPipelines(List.of(
                new RecordingFactory("socket-video", MediaKind.VIDEO, SourceType.SOCKET)),
                () -> { throw new AssertionError("video-only configure asked about PulseAudio"); }));

        service.configure(new VirtualInputConfig(SOCKET_VIDEO_WEBRTC_AUDIO.video(), null, false));

        assertThat(events).containsExactly("socket-video create [VIDEO]", "socket-video start");
    }

    @Test
    void aPipelineThatCannotStartLeavesNothingRunningAndTheGatewayIdle() {
        RecordingFactory video = new RecordingFactory("socket-video", MediaKind.VIDEO, SourceType.SOCKET);
        RecordingFactory audio = new RecordingFactory("pulse", MediaKind.AUDIO, SourceType.WEBRTC);
        audio.failStart = true;
        VirtualInputService service = new VirtualInputService(new IngestPipelines(List.of(video, audio), PULSE_AUDIO_FINE));

        assertThatThrownBy(() -> service.configure(SOCKET_VIDEO_WEBRTC_AUDIO)).isInstanceOf(ApiException.class);

        assertThat(events).contains("socket-video close configuration failed: boom", "pulse close configuration failed: boom");
        assertThat(service.current().state()).isEqualTo(VirtualInputService.State.IDLE);
        assertThat(service.current().lastError()).contains("configuration failed: boom");
    }

    /** Accepts {@code kind} (or any kind when null) of type {@code type}, and records every call. */
    private final class RecordingFactory implements IngestPipelineFactory {
        final String name;
        final MediaKind kind;
        final SourceType type;
        String missing;
        boolean failStart;

        RecordingFactory(String name, MediaKind kind, SourceType type) {
            this.name = name;
            this.kind = kind;
            this.type = type;
        }

        @Override
        public Set<MediaKind> accepts(VirtualInputConfig config) {
            Set<MediaKind> kinds = EnumSet.noneOf(MediaKind.class);
            for (MediaKind k : config.kinds()) {
                if ((kind == null || kind == k) && config.type(k) == type) {
                    kinds.add(k);
                }
            }
            return kinds;
        }

        @Override
        public void preflight(VirtualInputConfig config, Set<MediaKind> kinds) {
            if (missing != null) {
                events.add(name + " preflight " + kinds);
                throw ApiException.unavailable(missing);
            }
        }

        @Override
        public IngestPipeline create(VirtualInputConfig config, Set<MediaKind> kinds) {
            events.add(name + " create " + kinds);
            return new IngestPipeline() {
                @Override
                public Set<MediaKind> kinds() {
                    return kinds;
                }

                @Override
                public void start() {
                    events.add(name + " start");
                    if (failStart) {
                        throw new IllegalStateException("boom");
                    }
                }

                @Override
                public void setPaused(boolean paused) {
                    events.add(name + " paused=" + paused);
                }

                @Override
                public void close(String reason) {
                    events.add(name + " close " + reason);
                }

                @Override
                public Map<String, Object> stats(MediaKind k) {
                    return Map.of("by", name);
                }

                @Override
                public Optional<String> lastError() {
                    return Optional.empty();
                }
            };
        }
    }
}
