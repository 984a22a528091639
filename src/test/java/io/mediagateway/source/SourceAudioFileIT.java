package io.mediagateway.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;

import io.mediagateway.audio.AudioIngestITSupport;
import io.mediagateway.feed.FeedBroadcaster;
import io.mediagateway.support.FeedViewerClient;
import io.mediagateway.support.LiveThreads;
import io.mediagateway.support.PulseRecorder;
import io.mediagateway.support.TestMedia;
import io.mediagateway.support.ToneAnalysis;
import io.mediagateway.support.Waits;
import org.junit.jupiter.api.Test;

/**
 * Audio {@code file} sources against a real PulseAudio: a tone file (looping) is heard on {@code virtual_mic} at its
 * pitch, all along, not on the speaker; the sound track of a video file (one grabber for both) is heard too; pause
 * turns it into silence; reconfiguring and stopping leave no grabber or pacer thread behind.
 */
class SourceAudioFileIT extends AudioIngestITSupport {

    @Test
    void loopingToneFileIsHeardOnTheVirtualMic() throws Exception {
        Path tone = TestMedia.toneFile("mp3", 660, 1.5);
        configure("{\"audio\":{\"type\":\"file\",\"url\":\"" + tone.toUri() + "\"}}");
        assertThat(Waits.until(Duration.ofSeconds(20), () -> audioStats().path("loops").asLong() >= 1))
                .as("stats %s", audioStats()).isTrue();

        short[] mic;
        short[] speaker;
        try (PulseRecorder micRecorder = PulseRecorder.start(pulse(), MIC);
                PulseRecorder speakerRecorder = PulseRecorder.start(pulse(), SPEAKER_MONITOR)) {
            Waits.until(Duration.ofSeconds(10), () -> micRecorder.sampleCount() > 3 * PulseRecorder.RATE);
            mic = micRecorder.stop();
            speaker = speakerRecorder.stop();
        }

        double rms = ToneAnalysis.rms(mic);
        int pitch = ToneAnalysis.dominantFrequency(mic, PulseRecorder.RATE);
        double loud = ToneAnalysis.loudFraction(mic, PulseRecorder.RATE, 300);
        System.out.printf("[source-audio] file: mic rms=%.0f pitch=%d Hz loud=%.0f%% speaker rms=%.1f%n", rms, pitch,
                loud * 100, ToneAnalysis.rms(speaker));
        assertThat(rms).isGreaterThan(500);
        assertThat(pitch).isBetween(650, 670);
        assertThat(loud).as("played across the loop points, not in bursts").isGreaterThan(0.85);
        assertThat(ToneAnalysis.rms(speaker)).isLessThan(20);
        assertThat(audioStats().path("sink_state").asText()).isEqualTo("playing");
    }

    @Test
    void soundTrackOfAVideoFileIsHeardAndPauseSilencesIt() throws Exception {
        Path clip = TestMedia.colourFile("mp4", "red", 320, 240, 30, 2, 880);
        String url = clip.toUri().toString();
        configure("{\"video\":{\"type\":\"file\",\"url\":\"" + url + "\"},\"audio\":{\"type\":\"file\",\"url\":\""
                + url + "\"}}");
        assertThat(Waits.until(Duration.ofSeconds(20), () -> audioStats().path("played_ms").asLong() > 500))
                .as("stats %s", audioStats()).isTrue();
        JsonNode stats = api.get(STATUS).json().path("stats");
        assertThat(stats.path("video").path("shared_grabber").asBoolean()).isTrue();
        assertThat(stats.path("audio").path("shared_grabber").asBoolean()).isTrue();
        assertThat(stats.path("video").path("opens").asLong()).as("one grabber: opened together")
                .isEqualTo(stats.path("audio").path("opens").asLong());
        assertThat(stats.path("audio").path("audio_codec").asText()).isEqualTo("aac");

        short[] playing = PulseRecorder.record(pulse(), MIC, Duration.ofMillis(1500));
        api.post(PAUSE, null);
        // what PulseAudio had buffered before the pause drains within its latency; record after that
        Thread.sleep(300);
        short[] paused = PulseRecorder.record(pulse(), MIC, Duration.ofMillis(1000));

        System.out.printf("[source-audio] video file: playing rms=%.0f pitch=%d Hz, paused rms=%.1f%n",
                ToneAnalysis.rms(playing), ToneAnalysis.dominantFrequency(playing, PulseRecorder.RATE),
                ToneAnalysis.rms(paused));
        assertThat(ToneAnalysis.rms(playing)).isGreaterThan(500);
        assertThat(ToneAnalysis.dominantFrequency(playing, PulseRecorder.RATE)).isBetween(870, 890);
        assertThat(ToneAnalysis.rms(paused)).isLessThan(20);
        assertThat(Waits.until(Duration.ofSeconds(15), () -> audioStats().path("discarded_ms").asLong() > 0))
                .as("stats %s", audioStats()).isTrue();
    }

    @Test
    void reconfiguringAndStoppingLeaveNoGrabberOrPacerThread() throws Exception {
        Path red = TestMedia.colourFile("mp4", "red", 320, 240, 30, 1, 440);
        Path blue = TestMedia.colourFile("mp4", "blue", 320, 240, 30, 1, 0);
        try (FeedViewerClient viewer = new FeedViewerClient(httpServer.port(), FeedBroadcaster.SOCKET_PATH)) {
            for (int i = 0; i < 3; i++) {
                configure("{\"video\":{\"type\":\"file\",\"url\":\"" + red.toUri() + "\",\"width\":320,"
                        + "\"height\":240},\"audio\":{\"type\":\"file\",\"url\":\"" + red.toUri() + "\"}}");
                assertThat(viewer.awaitColour(FeedViewerClient.RED, Duration.ofSeconds(20))).as("last %s", viewer.last())
                        .isTrue();
                configure("{\"video\":{\"type\":\"file\",\"url\":\"" + blue.toUri() + "\",\"width\":320,"
                        + "\"height\":240}}");
                assertThat(viewer.awaitColour(FeedViewerClient.BLUE, Duration.ofSeconds(20))).as("last %s", viewer.last())
                        .isTrue();
            }
        }
        assertThat(LiveThreads.named("source-grabber-")).as("one grabber while one source plays").hasSize(1);
        assertThat(Waits.until(Duration.ofSeconds(10), () -> LiveThreads.named("audio-pacer-source").isEmpty()))
                .as("the audio pacer ends with the audio source").isTrue();

        api.post(STOP, null);

        assertThat(Waits.until(Duration.ofSeconds(10), () -> LiveThreads.named("source-grabber-").isEmpty()))
                .as("%s", LiveThreads.named("source-grabber-")).isTrue();
    }
}
