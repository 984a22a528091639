#!/usr/bin/env bash
# WebRTC ingest latency and CPU against socket MPEG-TS ingest, same gateway, same run (see WebRtcLatencyBench).
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q -B -DskipTests package
./mvnw -q -B test -Dtest=WebRtcLatencyBench -Dsurefire.failIfNoSpecifiedTests=false
sed -n '/webrtc ingest latency:/,$p' target/surefire-reports/io.mediagateway.bench.WebRtcLatencyBench-output.txt
