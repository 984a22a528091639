#!/usr/bin/env bash
# Livestream WebRTC viewers against socket (MPEG-1 TS over WebSocket) viewers of the same desktop, same gateway process,
# same run: colour change → decoded latency, and the gateway's CPU per viewer at 1/4/8 viewers (see WebRtcViewerBench).
# Needs xvfb, pulseaudio; figures are printed and written to target/webrtc-viewers-bench.txt.
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q -B -DskipTests package
status=0
./mvnw -q -B test -Dtest=WebRtcViewerBench -Dsurefire.failIfNoSpecifiedTests=false || status=$?
cat target/webrtc-viewers-bench.txt
exit "$status"
