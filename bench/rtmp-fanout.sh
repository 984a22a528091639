#!/usr/bin/env bash
# RTMP fan-out: players sustained at ~2 Mbps and server CPU, the gateway's embedded server vs nginx-rtmp, side by
# side in one run (see RtmpFanoutBench). Needs nginx + libnginx-mod-rtmp.
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q -B -DskipTests package
./mvnw -q -B test -Dtest=RtmpFanoutBench -Dsurefire.failIfNoSpecifiedTests=false
grep '^rtmp fan-out\|^  ' target/surefire-reports/io.mediagateway.bench.RtmpFanoutBench-output.txt
