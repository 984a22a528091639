package io.mediagateway.javacv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.bytedeco.ffmpeg.global.avutil;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code gateway.ffmpeg-log-level} sets FFmpeg's process-wide level; unknown names are refused with the choices. */
class FfmpegLogTest {

    @AfterEach
    void backToTheDefault() {
        FfmpegLog.apply("error");
    }

    @Test
    void namesSetFfmpegsLevel() {
        assertThat(FfmpegLog.apply("warning").level()).isEqualTo("warning");
        assertThat(avutil.av_log_get_level()).isEqualTo(avutil.AV_LOG_WARNING);
        FfmpegLog.apply(" Quiet ");
        assertThat(avutil.av_log_get_level()).isEqualTo(avutil.AV_LOG_QUIET);
        FfmpegLog.apply("error");
        assertThat(avutil.av_log_get_level()).isEqualTo(avutil.AV_LOG_ERROR);
    }

    @Test
    void anUnknownNameIsRefusedWithTheChoices() {
        assertThatThrownBy(() -> FfmpegLog.apply("loud")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("gateway.ffmpeg-log-level").hasMessageContaining("warning").hasMessageContaining("'loud'");
    }
}
