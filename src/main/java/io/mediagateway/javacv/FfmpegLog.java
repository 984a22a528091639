package io.mediagateway.javacv;

import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_DEBUG;
import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_ERROR;
import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_FATAL;
import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_INFO;
import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_QUIET;
import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_SKIP_REPEATED;
import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_VERBOSE;
import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_WARNING;

import java.util.Locale;
import java.util.Map;

import org.bytedeco.ffmpeg.global.avutil;

/**
 * How much FFmpeg, running in this JVM through JavaCV, writes to stderr ({@code gateway.ffmpeg-log-level}). At its
 * default (info) every grabber and recorder prints a banner when it opens, and warnings such as interleaving notes
 * appear: none is a gateway event, and the gateway's own log reports what matters (opens, failures, last_error).
 * Repeated lines are collapsed either way.
 */
public record FfmpegLog(String level) {

    private static final Map<String, Integer> LEVELS = Map.of("quiet", AV_LOG_QUIET, "fatal", AV_LOG_FATAL,
            "error", AV_LOG_ERROR, "warning", AV_LOG_WARNING, "info", AV_LOG_INFO, "verbose", AV_LOG_VERBOSE,
            "debug", AV_LOG_DEBUG);

    /** Sets FFmpeg's log level for the whole process; refuses names FFmpeg does not have. */
    public static FfmpegLog apply(String level) {
        String name = level == null ? "" : level.trim().toLowerCase(Locale.ROOT);
        Integer value = LEVELS.get(name);
        if (value == null) {
            throw new IllegalArgumentException("gateway.ffmpeg-log-level must be one of quiet, fatal, error, warning, "
                    + "info, verbose, debug; not '" + level + "'");
        }
        avutil.av_log_set_level(value);
        avutil.av_log_set_flags(AV_LOG_SKIP_REPEATED);
        return new FfmpegLog(name);
    }
}
