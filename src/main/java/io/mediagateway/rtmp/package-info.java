/**
 * The embedded RTMP server: what the gateway's livestreams publish to over loopback, and what ffmpeg, ffplay, OBS
 * or any RTMP player reads from ({@code rtmp://<gateway>:1935/<app>/<name>}).
 *
 * <ul>
 *   <li>{@link io.mediagateway.rtmp.RtmpServer}: the supervisor (one per gateway) — listens on the shared Vert.x,
 *       retries a taken port with backoff, closes every connection on stop, reports to GET /health.</li>
 *   <li>{@code RtmpConnection}: one socket — simple handshake, {@code ChunkDecoder} / {@link io.mediagateway.rtmp.ChunkEncoder},
 *       {@link io.mediagateway.rtmp.Amf0} commands (connect, createStream, publish, play, deleteStream ...).</li>
 *   <li>{@code RtmpStream}: one path — its publisher, its players, and the cache late players start from
 *       (metadata, sequence headers, the GOP since the last key frame).</li>
 *   <li>{@link io.mediagateway.rtmp.PublishPolicy}: loopback always; others with {@code gateway.rtmp.publish-key}.</li>
 *   <li>{@link io.mediagateway.rtmp.RtmpComponent} ({@code rtmp:app/name}): routes tap a path's events and media.</li>
 * </ul>
 * Every size a peer controls is bounded (message, chunk size, chunk streams, AMF nesting, player queue, GOP cache,
 * unfinished-message bytes per connection and across the server — {@code PendingBudget}), and so is the time a
 * session may stay without publishing or playing; breaking a bound or the protocol closes that connection only, with
 * one {@code [rtmp]} log line.
 */
package io.mediagateway.rtmp;
