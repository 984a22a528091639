package io.mediagateway.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Every {@code gateway.*} setting with its default, in one place. Override in {@code config/application.yaml}
 * (read from the working directory) or with environment variables ({@code GATEWAY_HTTP_PORT=8080}).
 */
@ConfigurationProperties(prefix = "gateway")
public class GatewayProperties {

    /**
     * Base URL clients use to reach the gateway (e.g. {@code https://gw.example.com}). When empty, absolute URLs in
     * responses are built from each request's Host / X-Forwarded-Proto / X-Forwarded-Host headers.
     */
    private String publicUrl = "";

    /** Integrator routes: every *.yaml here is loaded beside the gateway's own routes (skipped when missing). */
    private Path routesDir = Path.of("config/routes");

    /**
     * How much FFmpeg (in this JVM, through JavaCV) writes to stderr: quiet, fatal, error, warning, info, verbose or
     * debug. error keeps the banner of every open and the warnings out of the log (io.mediagateway.javacv.FfmpegLog).
     */
    private String ffmpegLogLevel = "error";

    private final Http http = new Http();
    private final Rtmp rtmp = new Rtmp();
    private final Video video = new Video();
    private final Pulse pulse = new Pulse();
    private final Audio audio = new Audio();
    private final Display display = new Display();
    private final Sources sources = new Sources();
    private final Management management = new Management();

    public String getPublicUrl() { return publicUrl; }
    public void setPublicUrl(String publicUrl) { this.publicUrl = publicUrl == null ? "" : publicUrl.trim(); }
    public String getFfmpegLogLevel() { return ffmpegLogLevel; }
    public void setFfmpegLogLevel(String ffmpegLogLevel) { this.ffmpegLogLevel = ffmpegLogLevel; }
    public Path getRoutesDir() { return routesDir; }
    public void setRoutesDir(Path routesDir) { this.routesDir = routesDir; }
    public Http getHttp() { return http; }
    public Rtmp getRtmp() { return rtmp; }
    public Video getVideo() { return video; }
    public Pulse getPulse() { return pulse; }
    public Audio getAudio() { return audio; }
    public Display getDisplay() { return display; }
    public Sources getSources() { return sources; }
    public Management getManagement() { return management; }

    public static class Http {
        /** The one port for REST and every WebSocket. 0 picks a free port (tests). */
        private int port = 10001;
        /** Address the HTTP port binds to: 0.0.0.0 listens on every interface, 127.0.0.1 on loopback only. */
        private String host = "0.0.0.0";
        /** Largest accepted request body; larger ones get 413 with a JSON message. */
        private int maxBodyBytes = 64 * 1024;
        /**
         * Largest WebSocket message (an ingest chunk). A larger message sent in several frames closes the socket with
         * 1009; a single frame over it makes Vert.x drop the connection (the frame is never buffered).
         */
        private int maxWebsocketMessageBytes = 16 * 1024 * 1024;
        /**
         * Bytes written to a WebSocket and not yet taken by its peer past which the connection is closed: a peer that
         * sends pings and never reads the pongs would otherwise fill the gateway's memory. Viewers are dropped as too
         * slow long before (their queues are 1-2 MiB); this is the bound for everything else.
         */
        private long maxWebsocketPendingWriteBytes = 16 * 1024 * 1024;
        /** Origins allowed to call the API from a browser ("*" for any). */
        private List<String> corsAllowedOrigins = List.of("*");

        public int getPort() { return port; }
        public void setPort(int port) { this.port = port; }
        public String getHost() { return host; }
        public void setHost(String host) { this.host = host; }
        public int getMaxBodyBytes() { return maxBodyBytes; }
        public void setMaxBodyBytes(int maxBodyBytes) { this.maxBodyBytes = maxBodyBytes; }
        public int getMaxWebsocketMessageBytes() { return maxWebsocketMessageBytes; }
        public void setMaxWebsocketMessageBytes(int maxWebsocketMessageBytes) { this.maxWebsocketMessageBytes = maxWebsocketMessageBytes; }
        public long getMaxWebsocketPendingWriteBytes() { return maxWebsocketPendingWriteBytes; }
        public void setMaxWebsocketPendingWriteBytes(long maxWebsocketPendingWriteBytes) { this.maxWebsocketPendingWriteBytes = maxWebsocketPendingWriteBytes; }
        public List<String> getCorsAllowedOrigins() { return corsAllowedOrigins; }
        public void setCorsAllowedOrigins(List<String> corsAllowedOrigins) { this.corsAllowedOrigins = corsAllowedOrigins; }
    }

    public static class Rtmp {
        /** Port of the embedded RTMP server; also the port in every rtmp:// URL the gateway hands out. 0: a free port (tests). */
        private int port = 1935;
        /** Address the RTMP server binds to: 0.0.0.0 listens on every interface, 127.0.0.1 on loopback only. */
        private String host = "0.0.0.0";
        /**
         * When set, publishers from other hosts than loopback are accepted with {@code ?key=<this>} on the stream name
         * (OBS stream key {@code mystream?key=SECRET}) or on the app ({@code rtmp://host:1935/live?key=SECRET}).
         * Empty: only loopback may publish. Loopback (the gateway's own encoders) never needs it.
         */
        private String publishKey = "";
        /** Largest RTMP message (e.g. a key frame) and largest chunk size a peer may set; past it the connection is closed. */
        private int maxMessageBytes = 4 * 1024 * 1024;
        /** Bytes kept per path from the last key frame, so late players start clean; past it they wait for the next key frame. */
        private int gopCacheBytes = 16 * 1024 * 1024;
        /** Unsent bytes per player before it is dropped as too slow (about 4 s at 2 Mbps). */
        private int playerQueueBytes = 1024 * 1024;
        /** A connection must complete the handshake and send connect within this. */
        private Duration connectTimeout = Duration.ofSeconds(10);
        /**
         * A connected session that is neither publishing nor playing (not yet, or no more: after deleteStream) is
         * closed after this. Publishers and players are never timed out, however quiet.
         */
        private Duration idleTimeout = Duration.ofSeconds(10);
        /**
         * Bytes of unfinished messages all connections together may hold (each one also at most twice
         * max-message-bytes). A connection that would pass it is closed; live publishers are counted but never closed
         * for it, and any connection may hold 4 KiB regardless (a command split across reads).
         */
        private long maxPendingBytes = 64L * 1024 * 1024;

        public int getPort() { return port; }
        public void setPort(int port) { this.port = port; }
        public String getHost() { return host; }
        public void setHost(String host) { this.host = host; }
        public String getPublishKey() { return publishKey; }
        public void setPublishKey(String publishKey) { this.publishKey = publishKey == null ? "" : publishKey; }
        public int getMaxMessageBytes() { return maxMessageBytes; }
        public void setMaxMessageBytes(int maxMessageBytes) { this.maxMessageBytes = maxMessageBytes; }
        public int getGopCacheBytes() { return gopCacheBytes; }
        public void setGopCacheBytes(int gopCacheBytes) { this.gopCacheBytes = gopCacheBytes; }
        public int getPlayerQueueBytes() { return playerQueueBytes; }
        public void setPlayerQueueBytes(int playerQueueBytes) { this.playerQueueBytes = playerQueueBytes; }
        public Duration getConnectTimeout() { return connectTimeout; }
        public void setConnectTimeout(Duration connectTimeout) { this.connectTimeout = connectTimeout; }
        public Duration getIdleTimeout() { return idleTimeout; }
        public void setIdleTimeout(Duration idleTimeout) { this.idleTimeout = idleTimeout; }
        public long getMaxPendingBytes() { return maxPendingBytes; }
        public void setMaxPendingBytes(long maxPendingBytes) { this.maxPendingBytes = maxPendingBytes; }
    }

    public static class Video {
        /** v4l2 loopback output device; when it is missing, mode is virtual-file. */
        private Path device = Path.of("/dev/video0");
        /** No input for this long turns the camera and feed black. */
        private Duration staleAfter = Duration.ofMillis(500);
        /** Picture width in pixels when a configure request's video gives none. */
        private int defaultWidth = 1280;
        /** Picture height in pixels when a configure request's video gives none. */
        private int defaultHeight = 720;
        /** Frames per second when a configure request's video gives none. */
        private int defaultFrameRate = 30;
        /** Pixel format written to the v4l2 device: yuyv (widest support) or i420. */
        private String devicePixelFormat = "yuyv";
        /** Bytes queued for one feed viewer before it is dropped as too slow (about 1 s of 720p MPEG-1). */
        private int feedViewerQueueBytes = 1024 * 1024;

        public Path getDevice() { return device; }
        public void setDevice(Path device) { this.device = device; }
        public Duration getStaleAfter() { return staleAfter; }
        public void setStaleAfter(Duration staleAfter) { this.staleAfter = staleAfter; }
        public int getDefaultWidth() { return defaultWidth; }
        public void setDefaultWidth(int defaultWidth) { this.defaultWidth = defaultWidth; }
        public int getDefaultHeight() { return defaultHeight; }
        public void setDefaultHeight(int defaultHeight) { this.defaultHeight = defaultHeight; }
        public int getDefaultFrameRate() { return defaultFrameRate; }
        public void setDefaultFrameRate(int defaultFrameRate) { this.defaultFrameRate = defaultFrameRate; }
        public String getDevicePixelFormat() { return devicePixelFormat; }
        public void setDevicePixelFormat(String devicePixelFormat) { this.devicePixelFormat = devicePixelFormat; }
        public int getFeedViewerQueueBytes() { return feedViewerQueueBytes; }
        public void setFeedViewerQueueBytes(int feedViewerQueueBytes) { this.feedViewerQueueBytes = feedViewerQueueBytes; }

        // --- virtual-file compatibility (io.mediagateway.y4m) ---
        /**
         * When set, the camera output is also written to this Y4M file, for Chromium's built-in fake capture
         * ({@code --use-file-for-fake-video-capture}). Off (empty) by default: 720p30 is ~41 MB/s of disk writes.
         */
        private Path y4mFile;
        /** Size at which the Y4M file is rotated: it becomes {@code <file>.1} (replacing the previous one) and starts over. */
        private long y4mMaxBytes = 512L * 1024 * 1024;

        public Path getY4mFile() { return y4mFile; }
        public void setY4mFile(Path y4mFile) { this.y4mFile = y4mFile == null || y4mFile.toString().isBlank() ? null : y4mFile; }
        public long getY4mMaxBytes() { return y4mMaxBytes; }
        public void setY4mMaxBytes(long y4mMaxBytes) { this.y4mMaxBytes = y4mMaxBytes; }
    }

    public static class Pulse {
        /** PulseAudio server, PULSE_SERVER syntax (unix:/path or tcp:host:port). Empty: $PULSE_SERVER, then the per-user socket. */
        private String server = "";
        /** Start a private PulseAudio when none is reachable and the binary is installed. */
        private boolean autostart = true;
        /** Sink heard by apps as the microphone (through {@link #microphoneSource}). */
        private String inputSink = "audio_input";
        /** Sink apps play into; its monitor is what livestreams capture. */
        private String outputSink = "audio_output";
        /**
         * Source apps record as the microphone (the layout script remaps the input sink's monitor to it); the layout
         * check requires it and the status reports it.
         */
        private String microphoneSource = "virtual_mic";
        /**
         * Where a PulseAudio started by the gateway keeps its socket ({@code <dir>/native}), its script and its log.
         * Must be short: a unix socket path fits in 107 bytes.
         */
        private Path runtimeDir = Path.of(System.getProperty("java.io.tmpdir"), "media-gateway-pulse");
        /** Layout script for a PulseAudio the gateway starts; {@code @PULSE_SOCKET@} is replaced by the socket path. Missing: the copy in the jar. */
        private Path configFile = Path.of("config/pulse/default.pa");
        /** How long a started PulseAudio may take to accept connections. */
        private Duration startTimeout = Duration.ofSeconds(10);
        /** First wait before restarting a PulseAudio that died; doubles per failed attempt up to {@link #restartBackoffMax}. */
        private Duration restartBackoff = Duration.ofMillis(250);
        /** Longest wait between restarts of a PulseAudio that keeps dying (see restart-backoff). */
        private Duration restartBackoffMax = Duration.ofSeconds(10);
        /** Limit for one {@code pactl} call (layout checks). */
        private Duration commandTimeout = Duration.ofSeconds(5);

        public String getServer() { return server; }
        public void setServer(String server) { this.server = server == null ? "" : server.trim(); }
        public boolean isAutostart() { return autostart; }
        public void setAutostart(boolean autostart) { this.autostart = autostart; }
        public String getInputSink() { return inputSink; }
        public void setInputSink(String inputSink) { this.inputSink = inputSink; }
        public String getOutputSink() { return outputSink; }
        public void setOutputSink(String outputSink) { this.outputSink = outputSink; }
        public String getMicrophoneSource() { return microphoneSource; }
        public void setMicrophoneSource(String microphoneSource) { this.microphoneSource = microphoneSource; }
        public Path getRuntimeDir() { return runtimeDir; }
        public void setRuntimeDir(Path runtimeDir) { this.runtimeDir = runtimeDir; }
        public Path getConfigFile() { return configFile; }
        public void setConfigFile(Path configFile) { this.configFile = configFile; }
        public Duration getStartTimeout() { return startTimeout; }
        public void setStartTimeout(Duration startTimeout) { this.startTimeout = startTimeout; }
        public Duration getRestartBackoff() { return restartBackoff; }
        public void setRestartBackoff(Duration restartBackoff) { this.restartBackoff = restartBackoff; }
        public Duration getRestartBackoffMax() { return restartBackoffMax; }
        public void setRestartBackoffMax(Duration restartBackoffMax) { this.restartBackoffMax = restartBackoffMax; }
        public Duration getCommandTimeout() { return commandTimeout; }
        public void setCommandTimeout(Duration commandTimeout) { this.commandTimeout = commandTimeout; }
    }

    /** Socket audio ingest: MP3 chunks decoded and played in real time into a PulseAudio sink. */
    public static class Audio {
        /**
         * Decoded audio waiting to be played with {@code pacing: latest} (and for stream, file and WebRTC audio). When
         * more arrives (a publisher sending faster than real time, or the sink stalling), the oldest is dropped:
         * latency stays bounded instead of drifting. Socket audio with {@code pacing: timestamps} (the default) plays
         * everything instead, up to {@code max-lead} ahead.
         */
        private Duration maxBuffer = Duration.ofMillis(200);
        /**
         * Socket audio with {@code pacing: timestamps}: how far ahead of real time a publisher may get. Up to this much
         * decoded audio waits to be played (48 kHz stereo: 192 KB a second); past it the ingest socket is no longer
         * read until playout catches up, so a publisher sending faster than real time is slowed, never dropped.
         */
        private Duration maxLead = Duration.ofSeconds(30);
        /**
         * PulseAudio's playback buffer for the ingest stream (its latency); smaller risks underruns on a busy host.
         * At least two and a half playout blocks (50 ms): PulseAudio asks for one 20 ms block at a time and gives its
         * sink what is left after two.
         */
        private Duration sinkLatency = Duration.ofMillis(50);
        /** Wait before reopening the sink after PulseAudio went away; doubles up to 2 s. */
        private Duration reconnectBackoff = Duration.ofMillis(200);
        /**
         * Hold an idle stream on each sink so the first audio after a configure plays at once (see
         * {@code audio.ReadySinks}); off saves PulseAudio ~0.8 % of a core per sink while nothing plays, and loses up to
         * 2 s of the first audio of every session.
         */
        private boolean keepSinksReady = true;

        public Duration getMaxBuffer() { return maxBuffer; }
        public void setMaxBuffer(Duration maxBuffer) { this.maxBuffer = maxBuffer; }
        public Duration getMaxLead() { return maxLead; }
        public void setMaxLead(Duration maxLead) { this.maxLead = maxLead; }
        public Duration getSinkLatency() { return sinkLatency; }
        public void setSinkLatency(Duration sinkLatency) { this.sinkLatency = sinkLatency; }
        public Duration getReconnectBackoff() { return reconnectBackoff; }
        public void setReconnectBackoff(Duration reconnectBackoff) { this.reconnectBackoff = reconnectBackoff; }
        public boolean isKeepSinksReady() { return keepSinksReady; }
        public void setKeepSinksReady(boolean keepSinksReady) { this.keepSinksReady = keepSinksReady; }
    }

    public static class Display {
        /** X display to capture and to check. Empty: $DISPLAY, then ":99". */
        private String name = "";
        /** Start a private Xvfb when the display is not reachable and Xvfb is installed. */
        private boolean autostart = true;

        public String getName() { return name; }
        public void setName(String name) { this.name = name == null ? "" : name.trim(); }
        public boolean isAutostart() { return autostart; }
        public void setAutostart(boolean autostart) { this.autostart = autostart; }
        /** Screen of the Xvfb the gateway starts (WIDTHxHEIGHTxDEPTH). */
        private String screen = "1280x720x24";
        /**
         * First wait before restarting an Xvfb that died (doubles up to restart-backoff-max); livestreams also wait
         * this before reopening a lost screen or sound capture.
         */
        private Duration restartBackoff = Duration.ofMillis(250);
        /** Longest wait between restarts of a dying Xvfb, or reopens of a lost livestream capture (see restart-backoff). */
        private Duration restartBackoffMax = Duration.ofSeconds(10);
        /** How long a started Xvfb may take to accept connections. */
        private Duration startTimeout = Duration.ofSeconds(10);

        public String getScreen() { return screen; }
        public void setScreen(String screen) { this.screen = screen; }
        public Duration getRestartBackoff() { return restartBackoff; }
        public void setRestartBackoff(Duration restartBackoff) { this.restartBackoff = restartBackoff; }
        public Duration getRestartBackoffMax() { return restartBackoffMax; }
        public void setRestartBackoffMax(Duration restartBackoffMax) { this.restartBackoffMax = restartBackoffMax; }
        public Duration getStartTimeout() { return startTimeout; }
        public void setStartTimeout(Duration startTimeout) { this.startTimeout = startTimeout; }
    }

    public static class Sources {
        /** URL schemes accepted for stream/file sources. {@code file} additionally needs {@link #fileRoot}. */
        private List<String> allowedSchemes = List.of("http", "https", "rtmp", "rtmps", "rtsp", "srt", "file");
        /** Only files under this directory may be played as `file` sources. */
        private Path fileRoot = Path.of("media");

        public List<String> getAllowedSchemes() { return allowedSchemes; }
        public void setAllowedSchemes(List<String> allowedSchemes) { this.allowedSchemes = allowedSchemes; }
        public Path getFileRoot() { return fileRoot; }
        public void setFileRoot(Path fileRoot) { this.fileRoot = fileRoot; }

        // --- stream/file playback (io.mediagateway.source) ---
        /**
         * Limit for opening a source (connect, probe) and for any single read: past it FFmpeg gives up, the status says
         * why, and a stream is retried. Probing runs on the source's own thread, never on a request.
         */
        private Duration openTimeout = Duration.ofSeconds(5);
        /** First wait before a dropped stream is reopened; doubles per failed attempt up to {@link #reconnectBackoffMax}. */
        private Duration reconnectBackoff = Duration.ofMillis(500);
        /** Longest wait between reopen attempts of a dropped stream (see reconnect-backoff). */
        private Duration reconnectBackoffMax = Duration.ofSeconds(10);

        public Duration getOpenTimeout() { return openTimeout; }
        public void setOpenTimeout(Duration openTimeout) { this.openTimeout = openTimeout; }
        public Duration getReconnectBackoff() { return reconnectBackoff; }
        public void setReconnectBackoff(Duration reconnectBackoff) { this.reconnectBackoff = reconnectBackoff; }
        public Duration getReconnectBackoffMax() { return reconnectBackoffMax; }
        public void setReconnectBackoffMax(Duration reconnectBackoffMax) { this.reconnectBackoffMax = reconnectBackoffMax; }
    }

    // ---- livestreams (issue 6) ----
    private final Livestream livestream = new Livestream();

    public Livestream getLivestream() { return livestream; }

    public static class Livestream {
        /** Bit rate of the H.264 video pushed over RTMP (internal and remote). */
        private int videoBitrate = 2_500_000;
        /** Bit rate of the AAC (RTMP), MP2 (socket mpegts) and MP3 (socket mp3) audio. */
        private int audioBitrate = 128_000;
        /** Quantizer of the socket streams' MPEG-1 video (2 = best, 31 = worst). */
        private int mpeg1Quality = 5;
        /** Seconds between keyframes: how long a new viewer or a reconnected push waits for a picture. */
        private Duration keyframeInterval = Duration.ofSeconds(1);
        /** PulseAudio source captured as the streams' sound. Empty: the monitor of gateway.pulse.output-sink. */
        private String audioSource = "";
        /** Bytes a socket viewer may have queued before it is dropped as too slow. */
        private int viewerQueueBytes = 2 * 1024 * 1024;
        /** Bytes an RTMP push may have queued before it skips to the next keyframe. */
        private int pushQueueBytes = 4 * 1024 * 1024;
        /** First wait before an RTMP push reconnects (doubles up to reconnect-backoff-max). */
        private Duration reconnectBackoff = Duration.ofMillis(500);
        /** Longest wait between reconnect attempts of an RTMP push (see reconnect-backoff). */
        private Duration reconnectBackoffMax = Duration.ofSeconds(10);
        /** Network timeout of an RTMP push (connect and each write). */
        private Duration pushTimeout = Duration.ofSeconds(5);
        /** Streams at once (each output costs an encoder unless it shares one). */
        private int maxStreams = 8;
        // WebRTC viewers of mode webrtc streams (io.mediagateway.webrtc.WebRtcViewers)
        /** Viewers per webrtc stream; offers past it get 503 (each viewer costs its own VP8 and Opus encoder). */
        private int maxWebrtcViewers = 10;
        /**
         * A viewer peer not connected this long after its answer is closed (it never applied the answer; viewers join
         * one at a time, so it holds up the next).
         */
        private Duration webrtcConnectTimeout = Duration.ofSeconds(10);

        public int getMaxWebrtcViewers() { return maxWebrtcViewers; }
        public void setMaxWebrtcViewers(int maxWebrtcViewers) { this.maxWebrtcViewers = maxWebrtcViewers; }
        public Duration getWebrtcConnectTimeout() { return webrtcConnectTimeout; }
        public void setWebrtcConnectTimeout(Duration webrtcConnectTimeout) { this.webrtcConnectTimeout = webrtcConnectTimeout; }

        public int getVideoBitrate() { return videoBitrate; }
        public void setVideoBitrate(int videoBitrate) { this.videoBitrate = videoBitrate; }
        public int getAudioBitrate() { return audioBitrate; }
        public void setAudioBitrate(int audioBitrate) { this.audioBitrate = audioBitrate; }
        public int getMpeg1Quality() { return mpeg1Quality; }
        public void setMpeg1Quality(int mpeg1Quality) { this.mpeg1Quality = mpeg1Quality; }
        public Duration getKeyframeInterval() { return keyframeInterval; }
        public void setKeyframeInterval(Duration keyframeInterval) { this.keyframeInterval = keyframeInterval; }
        public String getAudioSource() { return audioSource; }
        public void setAudioSource(String audioSource) { this.audioSource = audioSource == null ? "" : audioSource.trim(); }
        public int getViewerQueueBytes() { return viewerQueueBytes; }
        public void setViewerQueueBytes(int viewerQueueBytes) { this.viewerQueueBytes = viewerQueueBytes; }
        public int getPushQueueBytes() { return pushQueueBytes; }
        public void setPushQueueBytes(int pushQueueBytes) { this.pushQueueBytes = pushQueueBytes; }
        public Duration getReconnectBackoff() { return reconnectBackoff; }
        public void setReconnectBackoff(Duration reconnectBackoff) { this.reconnectBackoff = reconnectBackoff; }
        public Duration getReconnectBackoffMax() { return reconnectBackoffMax; }
        public void setReconnectBackoffMax(Duration reconnectBackoffMax) { this.reconnectBackoffMax = reconnectBackoffMax; }
        public Duration getPushTimeout() { return pushTimeout; }
        public void setPushTimeout(Duration pushTimeout) { this.pushTimeout = pushTimeout; }
        public int getMaxStreams() { return maxStreams; }
        public void setMaxStreams(int maxStreams) { this.maxStreams = maxStreams; }
    }

    /**
     * The management port: the Hawtio console with its Jolokia agent (JMX over HTTP). A port of its own, apart from
     * the media port, so an operator console is never exposed with the public API and a servlet container (Hawtio is
     * a servlet web application) never shares the media event loop.
     */
    public static class Management {
        /** Start the management port (Hawtio + Jolokia). JMX itself stays on either way. */
        private boolean enabled = true;
        /** Loopback by default: Hawtio runs without login only while it is reachable from this host alone. */
        private String host = "127.0.0.1";
        /** Port of the management console (Hawtio + Jolokia). 0 picks a free port (tests). */
        private int port = 10002;
        /**
         * Ask for a login (Hawtio's JAAS realm) even on loopback. Always on when the host is not loopback: a console
         * that can stop streams must not be open to the network.
         */
        private boolean authenticationEnabled = false;

        public boolean isEnabled() { return enabled; }
        public void setEnabled(boolean enabled) { this.enabled = enabled; }
        public String getHost() { return host; }
        public void setHost(String host) { this.host = host; }
        public int getPort() { return port; }
        public void setPort(int port) { this.port = port; }
        public boolean isAuthenticationEnabled() { return authenticationEnabled; }
        public void setAuthenticationEnabled(boolean authenticationEnabled) { this.authenticationEnabled = authenticationEnabled; }
    }

    // --- WebRTC (io.mediagateway.webrtc) ---------------------------------------------------------------------------
    private final Webrtc webrtc = new Webrtc();

    public Webrtc getWebrtc() { return webrtc; }

    /** WebRTC peers: the ingest publisher (POST /input/devices/virtual/webrtc/offer), livestream viewers (POST /stream/webrtc/offer). */
    public static class Webrtc {
        /**
         * STUN/TURN servers for every peer, also handed to clients by {@code GET /webrtc/config}. Empty: host candidates
         * only. Each entry has {@code urls} (a list), {@code username} and {@code credential} (the TURN password), as
         * the browser's RTCIceServer.
         */
        private List<IceServer> iceServers = new ArrayList<>();
        /** How long an offer may wait for the answer's ICE candidates (no trickle: the answer carries them all). */
        private Duration gatherTimeout = Duration.ofSeconds(5);
        /** Limit for one step of negotiation (set remote, create answer, set local) on the WebRTC owner thread. */
        private Duration negotiationTimeout = Duration.ofSeconds(10);
        /** How often connection stats (jitter, RTT, codec) are read from each peer for the status. */
        private Duration statsInterval = Duration.ofSeconds(1);
        /** How long a viewer's offer waits for another viewer's join to end (viewers join one at a time) before 503. */
        private Duration joinWait = Duration.ofSeconds(2);
        /** Viewer offers that may wait for the join turn at once (each holds an HTTP worker thread); more get 503. */
        private int maxWaitingJoins = 4;
        /**
         * Local ports for every peer's ICE candidates (UDP and TCP), so a firewall or container needs only this range
         * open; 0 and 0: any port the system gives. Each peer takes one port per candidate (one per interface).
         */
        private int minPort = 0;
        /** Upper end (inclusive) of the ICE candidates' local port range; see min-port. 0 and 0: any port. */
        private int maxPort = 0;

        public List<IceServer> getIceServers() { return iceServers; }
        public void setIceServers(List<IceServer> iceServers) { this.iceServers = iceServers; }
        public Duration getGatherTimeout() { return gatherTimeout; }
        public void setGatherTimeout(Duration gatherTimeout) { this.gatherTimeout = gatherTimeout; }
        public Duration getNegotiationTimeout() { return negotiationTimeout; }
        public void setNegotiationTimeout(Duration negotiationTimeout) { this.negotiationTimeout = negotiationTimeout; }
        public Duration getStatsInterval() { return statsInterval; }
        public void setStatsInterval(Duration statsInterval) { this.statsInterval = statsInterval; }
        public Duration getJoinWait() { return joinWait; }
        public void setJoinWait(Duration joinWait) { this.joinWait = joinWait; }
        public int getMaxWaitingJoins() { return maxWaitingJoins; }
        public void setMaxWaitingJoins(int maxWaitingJoins) { this.maxWaitingJoins = maxWaitingJoins; }
        public int getMinPort() { return minPort; }
        public void setMinPort(int minPort) { this.minPort = minPort; }
        public int getMaxPort() { return maxPort; }
        public void setMaxPort(int maxPort) { this.maxPort = maxPort; }

        /** Refuses a port range libwebrtc would silently ignore or misread (checked when the engine is made). */
        public void checkPortRange() {
            boolean any = minPort == 0 && maxPort == 0;
            if (!any && (minPort < 1 || maxPort > 65535 || minPort > maxPort)) {
                throw new IllegalArgumentException("gateway.webrtc.min-port/max-port must both be 0 (any port) or "
                        + "1 <= min-port <= max-port <= 65535, not " + minPort + "/" + maxPort);
            }
        }

        /** One STUN or TURN server, as in the browser's RTCIceServer ({@code credential} is the TURN password). */
        public static class IceServer {
            /** URLs of this server, e.g. {@code stun:stun.example.com:3478} or {@code turn:turn.example.com:3478}. */
            private List<String> urls = new ArrayList<>();
            /** TURN user name; none for STUN. */
            private String username;
            /** TURN password; none for STUN. */
            private String credential;

            public List<String> getUrls() { return urls; }
            public void setUrls(List<String> urls) { this.urls = urls; }
            public String getUsername() { return username; }
            public void setUsername(String username) { this.username = username; }
            public String getCredential() { return credential; }
            public void setCredential(String credential) { this.credential = credential; }
        }
    }
}
