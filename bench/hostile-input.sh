#!/usr/bin/env bash
# /health latency and feed gaps under hostile clients (bombs, ping floods, RTMP giants) vs idle (see HostileInputBench).
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q -B -DskipTests package
./mvnw -q -B test -Dtest=HostileInputBench -Dsurefire.failIfNoSpecifiedTests=false
cat target/hostile-input-bench.txt
