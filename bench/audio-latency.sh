#!/usr/bin/env bash
# Audio ingest latency and CPU: the gateway (MP3 over WebSocket → virtual_mic) vs `ffmpeg -f mp3 -i pipe:0 -f pulse`
# fed the same chunks, same PulseAudio, same run (see AudioLatencyBench). Needs pulseaudio and pulseaudio-utils.
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q -B -DskipTests package
./mvnw -q -B test -Dtest=AudioLatencyBench -Dsurefire.failIfNoSpecifiedTests=false
grep -h '\[audio-bench\]' target/surefire-reports/io.mediagateway.bench.AudioLatencyBench-output.txt || true
sed -n '/^audio latency:/,$p' target/surefire-reports/io.mediagateway.bench.AudioLatencyBench-output.txt
