#!/usr/bin/env bash
# Media Gateway container entrypoint.
#
# Starts and supervises, in this order:
#   1. Xvfb        the X display the desktop runs on ($DISPLAY)
#   2. PulseAudio  null sinks audio_input/audio_output, source virtual_mic (config/pulse/default.pa)
#   3. Chromium    headful on that display, using PulseAudio (skipped with CHROMIUM_ENABLED=false)
#   4. the gateway ($GATEWAY_CMD)
# Every child runs in its own process group (setsid), so a child's helpers and subprocesses can be
# stopped with it. On SIGTERM/SIGINT/SIGHUP the children are stopped in the reverse order (gateway
# first, Xvfb last) and the script exits with the gateway's exit code. If any child dies on its own,
# the others are stopped the same way and the script exits non-zero. Under Docker, tini (PID 1)
# forwards signals to this script and reaps anything re-parented to it.
#
# Environment (defaults in brackets):
#   DISPLAY                  X display to create, local only [:99]
#   XVFB_SCREEN              Xvfb screen WxHxDEPTH [1280x720x24]
#   XVFB_START_TIMEOUT       seconds to wait for the X socket [15]
#   PULSE_RUNTIME_DIR        PulseAudio socket/runtime dir [/tmp/pulse]; PULSE_SERVER=unix:<dir>/native
#   PULSE_CONFIG_FILE        PulseAudio script with an @PULSE_SOCKET@ placeholder
#                            [first of <script dir>/config/pulse/default.pa,
#                             <script dir>/../config/pulse/default.pa, /etc/media-gateway/pulse/default.pa]
#   PULSE_START_TIMEOUT      seconds to wait for `pactl info` to answer [15]
#   CHROMIUM_ENABLED         false/0/no skips Chromium [true]
#   CHROMIUM_BIN             Chromium binary [/usr/bin/chromium]
#   CHROMIUM_USER_DATA_DIR   Chromium profile dir [/tmp/chromium-profile]
#   CHROMIUM_EXTENSION_DIR   unpacked extension to load, used only if it is an existing directory []
#   CHROMIUM_START_URL       first page [about:blank]
#   CHROMIUM_EXTRA_FLAGS     more Chromium flags, split on whitespace []
#   JAVA_OPTS                JVM options for the default gateway command []
#   GATEWAY_CMD              gateway command line, run by `bash -c "exec ..."`
#                            [java $JAVA_OPTS -jar /app/media-gateway.jar]
#   GATEWAY_STOP_TIMEOUT     seconds the gateway gets after SIGTERM before SIGKILL [20]
#   CHILD_STOP_TIMEOUT       same for Chromium, PulseAudio and Xvfb [5]
# Exported to every child: DISPLAY, PULSE_SERVER.
#
# Exit codes: on a signal, the gateway's exit code (143 = the JVM ended by SIGTERM; 128+signal if the
# gateway had not started yet); the gateway's own code if it exited by itself (1 if that was 0);
# 1 when a start-up step failed or Xvfb, PulseAudio or Chromium died.
set -euo pipefail

log() { printf '[entrypoint] %s\n' "$*" >&2; }

now_ms() { date +%s%3N; }

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
START_MS=$(now_ms)

# ---------------------------------------------------------------------------------------------------
# Configuration
# ---------------------------------------------------------------------------------------------------
export DISPLAY="${DISPLAY:-:99}"
XVFB_SCREEN="${XVFB_SCREEN:-1280x720x24}"
XVFB_START_TIMEOUT="${XVFB_START_TIMEOUT:-15}"

PULSE_RUNTIME_DIR="${PULSE_RUNTIME_DIR:-/tmp/pulse}"
PULSE_RUNTIME_DIR="${PULSE_RUNTIME_DIR%/}"
PULSE_START_TIMEOUT="${PULSE_START_TIMEOUT:-15}"
PULSE_CONFIG_FILE="${PULSE_CONFIG_FILE:-}"
PULSE_SOCKET="${PULSE_RUNTIME_DIR}/native"
export PULSE_SERVER="unix:${PULSE_SOCKET}"

CHROMIUM_ENABLED="${CHROMIUM_ENABLED:-true}"
CHROMIUM_BIN="${CHROMIUM_BIN:-/usr/bin/chromium}"
CHROMIUM_USER_DATA_DIR="${CHROMIUM_USER_DATA_DIR:-/tmp/chromium-profile}"
CHROMIUM_EXTENSION_DIR="${CHROMIUM_EXTENSION_DIR:-}"
CHROMIUM_START_URL="${CHROMIUM_START_URL:-about:blank}"
CHROMIUM_EXTRA_FLAGS="${CHROMIUM_EXTRA_FLAGS:-}"

JAVA_OPTS="${JAVA_OPTS:-}"
GATEWAY_CMD="${GATEWAY_CMD:-java ${JAVA_OPTS} -jar /app/media-gateway.jar}"
GATEWAY_STOP_TIMEOUT="${GATEWAY_STOP_TIMEOUT:-20}"
CHILD_STOP_TIMEOUT="${CHILD_STOP_TIMEOUT:-5}"

# ---------------------------------------------------------------------------------------------------
# Child bookkeeping
# ---------------------------------------------------------------------------------------------------
XVFB_PID=""
PULSE_PID=""
CHROMIUM_PID=""
GATEWAY_PID=""
declare -A EXIT_CODES=()   # pid -> exit code, for children already reaped by `wait -n`
SHUTDOWN_DONE=0

# True while the process exists and is not a zombie.
is_running() {
  local pid=${1:-} stat
  [[ -n $pid ]] || return 1
  kill -0 "$pid" 2>/dev/null || return 1
  { read -r stat <"/proc/$pid/stat"; } 2>/dev/null || return 1
  stat=${stat##*) }
  [[ ${stat%% *} != Z ]]
}

# start_child VAR NAME COMMAND... : runs COMMAND in the background in a new session / process group
# (setsid does not fork here: a background child of a non-interactive shell is not a group leader,
# so the pid we get is the command's own pid and also its process group id).
start_child() {
  local var=$1 name=$2
  shift 2
  setsid "$@" &
  printf -v "$var" '%s' "$!"
  log "started ${name} (pid $!)"
}

child_name() {
  case "$1" in
    "$XVFB_PID") echo "Xvfb" ;;
    "$PULSE_PID") echo "PulseAudio" ;;
    "$CHROMIUM_PID") echo "Chromium" ;;
    "$GATEWAY_PID") echo "gateway" ;;
    *) echo "pid $1" ;;
  esac
}

# Sets LAST_RC to the exit code of a finished child, reaping it if needed. (Not usable inside $(...):
# a subshell cannot wait for this shell's children.)
LAST_RC=0
collect_exit_code() {
  local pid=$1 rc=0
  if [[ -z ${EXIT_CODES[$pid]+x} ]]; then
    wait "$pid" 2>/dev/null || rc=$?
    EXIT_CODES[$pid]=$rc
  fi
  LAST_RC=${EXIT_CODES[$pid]}
}

# stop_child NAME PID TIMEOUT: SIGTERM, wait up to TIMEOUT s, SIGKILL the whole group if needed,
# then clean up whatever else is left in its process group.
stop_child() {
  local name=$1 pid=$2 timeout=$3 i
  [[ -n $pid ]] || return 0
  if is_running "$pid"; then
    log "stopping ${name} (pid ${pid}): SIGTERM, up to ${timeout}s"
    kill -TERM "$pid" 2>/dev/null || true
    for ((i = 0; i < timeout * 10; i++)); do
      is_running "$pid" || break
      sleep 0.1
    done
    if is_running "$pid"; then
      log "${name} (pid ${pid}) still running after ${timeout}s: SIGKILL"
      kill -KILL -- "-${pid}" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true
    fi
  fi
  # Helpers and subprocesses of the child that are still alive in its process group.
  if pgroup_has_live_members "$pid"; then
    log "stopping leftover processes of ${name} (process group ${pid})"
    kill -TERM -- "-${pid}" 2>/dev/null || true
    for ((i = 0; i < 20; i++)); do
      pgroup_has_live_members "$pid" || break
      sleep 0.1
    done
    kill -KILL -- "-${pid}" 2>/dev/null || true
  fi
  collect_exit_code "$pid"
  log "${name} stopped (exit code ${LAST_RC})"
}

# True if a non-zombie process in process group $1 exists (zombies only wait to be reaped).
pgroup_has_live_members() {
  local pgid=$1 stat f rest fields
  kill -0 -- "-${pgid}" 2>/dev/null || return 1
  for f in /proc/[0-9]*/stat; do
    { read -r stat <"$f"; } 2>/dev/null || continue
    rest=${stat##*) }
    # fields after "(comm) ": state ppid pgrp ...
    read -r -a fields <<<"$rest"
    [[ ${fields[2]} == "$pgid" && ${fields[0]} != Z ]] && return 0
  done
  return 1
}

# Chromium keeps its profile's singleton socket in a directory under $TMPDIR (SingletonSocket in the
# profile links to it) and leaves that directory behind when it is stopped: remove it as well.
stop_chromium() {
  local link="${CHROMIUM_USER_DATA_DIR}/SingletonSocket" socket_dir=""
  [[ -L $link ]] && socket_dir=$(dirname "$(readlink "$link")")
  stop_child "Chromium" "$CHROMIUM_PID" "$CHILD_STOP_TIMEOUT"
  if [[ -n $CHROMIUM_PID && $socket_dir == */org.chromium.Chromium.* && -d $socket_dir ]]; then
    rm -rf -- "$socket_dir"
  fi
}

# Phased shutdown: gateway, Chromium, PulseAudio, Xvfb. Idempotent.
shutdown_all() {
  ((SHUTDOWN_DONE)) && return 0
  stop_child "gateway" "$GATEWAY_PID" "$GATEWAY_STOP_TIMEOUT"
  stop_chromium
  stop_child "PulseAudio" "$PULSE_PID" "$CHILD_STOP_TIMEOUT"
  stop_child "Xvfb" "$XVFB_PID" "$CHILD_STOP_TIMEOUT"
  SHUTDOWN_DONE=1
  log "all children stopped ($(($(now_ms) - START_MS)) ms after start)"
}

die() {
  log "ERROR: $*"
  trap '' TERM INT HUP
  shutdown_all
  log "exiting with code 1"
  exit 1
}

on_signal() {
  local sig=$1 num=$2 rc
  trap '' TERM INT HUP # one shutdown at a time; docker's SIGKILL is the escalation
  log "received SIG${sig}: shutting down (gateway, Chromium, PulseAudio, Xvfb)"
  shutdown_all
  if [[ -n $GATEWAY_PID ]]; then
    collect_exit_code "$GATEWAY_PID"
    rc=$LAST_RC
  else
    rc=$((128 + num))
  fi
  log "exiting with code ${rc}"
  exit "$rc"
}

on_exit() {
  local rc=$?
  # Safety net: whatever path ends the script (including a bug tripping `set -e`), no child survives.
  if ((!SHUTDOWN_DONE)); then
    trap '' TERM INT HUP
    shutdown_all
  fi
  exit "$rc"
}

trap 'on_signal TERM 15' TERM
trap 'on_signal INT 2' INT
trap 'on_signal HUP 1' HUP
trap on_exit EXIT

is_true() {
  case "${1,,}" in
    1 | true | yes | on) return 0 ;;
    *) return 1 ;;
  esac
}

is_uint() { [[ $1 =~ ^[0-9]+$ ]]; }

# ---------------------------------------------------------------------------------------------------
# Pre-flight checks: fail with the package to install rather than half-way through start-up
# ---------------------------------------------------------------------------------------------------
preflight() {
  local missing=() v
  # `wait -n -p` (supervision loop) needs bash 5.1 or later (Debian 12 has 5.2).
  if ((BASH_VERSINFO[0] < 5 || (BASH_VERSINFO[0] == 5 && BASH_VERSINFO[1] < 1))); then
    die "bash ${BASH_VERSION} is too old: 5.1 or later is needed"
  fi
  command -v Xvfb >/dev/null || missing+=("Xvfb (Debian package xvfb)")
  command -v pulseaudio >/dev/null || missing+=("pulseaudio (Debian package pulseaudio)")
  command -v pactl >/dev/null || missing+=("pactl (Debian package pulseaudio-utils)")
  command -v setsid >/dev/null || missing+=("setsid (Debian package util-linux)")
  if is_true "$CHROMIUM_ENABLED" && [[ ! -x $CHROMIUM_BIN ]]; then
    missing+=("${CHROMIUM_BIN} (Debian package chromium; or set CHROMIUM_BIN, or CHROMIUM_ENABLED=false)")
  fi
  if ((${#missing[@]})); then
    die "missing: ${missing[*]}"
  fi
  for v in XVFB_START_TIMEOUT PULSE_START_TIMEOUT GATEWAY_STOP_TIMEOUT CHILD_STOP_TIMEOUT; do
    is_uint "${!v}" || die "${v} must be a whole number of seconds, got '${!v}'"
  done
  [[ -n ${GATEWAY_CMD// /} ]] || die "GATEWAY_CMD is empty"
  if [[ -z $PULSE_CONFIG_FILE ]]; then
    local c
    for c in "${SCRIPT_DIR}/config/pulse/default.pa" "${SCRIPT_DIR}/../config/pulse/default.pa" \
      /etc/media-gateway/pulse/default.pa; do
      if [[ -f $c ]]; then
        PULSE_CONFIG_FILE=$c
        break
      fi
    done
    [[ -n $PULSE_CONFIG_FILE ]] || die "no PulseAudio config found: set PULSE_CONFIG_FILE (see config/pulse/default.pa)"
  fi
  [[ -f $PULSE_CONFIG_FILE ]] || die "PULSE_CONFIG_FILE ${PULSE_CONFIG_FILE} does not exist"
  # A unix socket path must fit in sockaddr_un (108 bytes including the terminator).
  ((${#PULSE_SOCKET} < 108)) || die "PULSE_RUNTIME_DIR is too long for a unix socket path: ${PULSE_SOCKET}"
}

# ---------------------------------------------------------------------------------------------------
# 1. Xvfb
# ---------------------------------------------------------------------------------------------------
start_xvfb() {
  local host=${DISPLAY%%:*} num=${DISPLAY##*:} sock lock owner i t0
  num=${num%%.*}
  if [[ -n $host || $DISPLAY != *:* ]] || ! is_uint "$num"; then
    die "DISPLAY must name a local display like :99, got '${DISPLAY}'"
  fi
  [[ $XVFB_SCREEN =~ ^[0-9]+x[0-9]+x[0-9]+$ ]] || die "XVFB_SCREEN must look like 1280x720x24, got '${XVFB_SCREEN}'"
  sock="/tmp/.X11-unix/X${num}"
  lock="/tmp/.X${num}-lock"

  # Leftovers of a previous run (e.g. a restarted container keeps /tmp) would fake readiness.
  if [[ -e $lock ]]; then
    owner=$(tr -dc '0-9' <"$lock" 2>/dev/null || true)
    if [[ -n $owner ]] && is_running "$owner" && [[ $(cat "/proc/${owner}/comm" 2>/dev/null) == X* ]]; then
      die "display :${num} is already served by pid ${owner} (${lock}); set DISPLAY to a free display"
    fi
    log "removing stale X lock ${lock}"
    rm -f "$lock"
  fi
  if [[ -e $sock ]]; then
    log "removing stale X socket ${sock}"
    rm -f "$sock"
  fi

  t0=$(now_ms)
  start_child XVFB_PID "Xvfb :${num} ${XVFB_SCREEN}" \
    Xvfb ":${num}" -screen 0 "$XVFB_SCREEN" -nolisten tcp -noreset
  for ((i = 0; i < XVFB_START_TIMEOUT * 10; i++)); do
    [[ -S $sock ]] && break
    if ! is_running "$XVFB_PID"; then
      collect_exit_code "$XVFB_PID"
      die "Xvfb exited during start-up (exit code ${LAST_RC}); see its output above"
    fi
    sleep 0.1
  done
  [[ -S $sock ]] || die "Xvfb did not create ${sock} within ${XVFB_START_TIMEOUT}s"
  log "X display ${DISPLAY} ready in $(($(now_ms) - t0)) ms"
}

# ---------------------------------------------------------------------------------------------------
# 2. PulseAudio
# ---------------------------------------------------------------------------------------------------
pactl_q() {
  if command -v timeout >/dev/null; then
    timeout 5 pactl "$@"
  else
    pactl "$@"
  fi
}

start_pulseaudio() {
  local pa_file content i t0 sinks sources
  mkdir -p "$PULSE_RUNTIME_DIR"
  chmod 700 "$PULSE_RUNTIME_DIR" 2>/dev/null || true
  # .pa files cannot read environment variables: write a copy with the socket path filled in.
  pa_file="${PULSE_RUNTIME_DIR}/default.pa"
  content=$(<"$PULSE_CONFIG_FILE")
  [[ $content == *@PULSE_SOCKET@* || $content == *"socket=${PULSE_SOCKET}"* ]] ||
    log "WARNING: ${PULSE_CONFIG_FILE} has neither socket=@PULSE_SOCKET@ nor socket=${PULSE_SOCKET}; clients use ${PULSE_SERVER}"
  content=${content//@PULSE_SOCKET@/"$PULSE_SOCKET"}
  printf '%s\n' "$content" >"$pa_file"

  t0=$(now_ms)
  # PULSE_RUNTIME_PATH/PULSE_STATE_PATH keep the server's files in our directory, not in $HOME.
  start_child PULSE_PID "PulseAudio (${PULSE_SERVER})" \
    env PULSE_RUNTIME_PATH="$PULSE_RUNTIME_DIR" PULSE_STATE_PATH="${PULSE_RUNTIME_DIR}/state" \
    pulseaudio --daemonize=no --system=no --use-pid-file=no --exit-idle-time=-1 --disallow-exit \
    --log-target=stderr -n -F "$pa_file"
  for ((i = 0; i < PULSE_START_TIMEOUT * 10; i++)); do
    pactl_q info >/dev/null 2>&1 && break
    if ! is_running "$PULSE_PID"; then
      collect_exit_code "$PULSE_PID"
      die "PulseAudio exited during start-up (exit code ${LAST_RC}); see its output above (config ${PULSE_CONFIG_FILE})"
    fi
    sleep 0.1
  done
  pactl_q info >/dev/null 2>&1 || die "PulseAudio did not answer on ${PULSE_SERVER} within ${PULSE_START_TIMEOUT}s"

  sinks=$(pactl_q list short sinks 2>/dev/null | cut -f2 | tr '\n' ' ' || true)
  sources=$(pactl_q list short sources 2>/dev/null | cut -f2 | tr '\n' ' ' || true)
  log "PulseAudio ready on ${PULSE_SERVER} in $(($(now_ms) - t0)) ms; sinks: ${sinks}; sources: ${sources}"
  # PulseAudio keeps running when a line of its script fails, so check the layout the gateway needs.
  [[ " $sinks " == *" audio_input "* && " $sinks " == *" audio_output "* && " $sources " == *" virtual_mic "* ]] ||
    die "PulseAudio is missing sink audio_input, sink audio_output or source virtual_mic: check ${PULSE_CONFIG_FILE} (and PulseAudio's errors above)"
}

# ---------------------------------------------------------------------------------------------------
# 3. Chromium
# ---------------------------------------------------------------------------------------------------
start_chromium() {
  local flags extra=() lock target owner
  if ! is_true "$CHROMIUM_ENABLED"; then
    log "Chromium disabled (CHROMIUM_ENABLED=${CHROMIUM_ENABLED})"
    return 0
  fi
  mkdir -p "$CHROMIUM_USER_DATA_DIR"
  # A profile lock left by a previous run (same hostname in a restarted container) would make
  # Chromium hand its URL to a "running" instance and exit at once.
  lock="${CHROMIUM_USER_DATA_DIR}/SingletonLock"
  if [[ -L $lock ]]; then
    target=$(readlink "$lock" || true)
    owner=${target##*-}
    if is_uint "$owner" && is_running "$owner" &&
      tr '\0' ' ' <"/proc/${owner}/cmdline" 2>/dev/null | grep -qF -- "--user-data-dir=${CHROMIUM_USER_DATA_DIR}"; then
      die "Chromium profile ${CHROMIUM_USER_DATA_DIR} is in use by pid ${owner}; set CHROMIUM_USER_DATA_DIR"
    fi
    log "removing stale Chromium profile lock in ${CHROMIUM_USER_DATA_DIR}"
    rm -f "${CHROMIUM_USER_DATA_DIR}/SingletonLock" "${CHROMIUM_USER_DATA_DIR}/SingletonSocket" \
      "${CHROMIUM_USER_DATA_DIR}/SingletonCookie"
  fi

  flags=(
    --no-sandbox
    --no-first-run
    --disable-background-networking
    --disable-component-update
    --disable-sync
    --disable-dev-shm-usage
    --autoplay-policy=no-user-gesture-required
    --use-fake-ui-for-media-stream
    "--user-data-dir=${CHROMIUM_USER_DATA_DIR}"
  )
  if [[ -n $CHROMIUM_EXTENSION_DIR ]]; then
    if [[ -d $CHROMIUM_EXTENSION_DIR ]]; then
      flags+=("--load-extension=${CHROMIUM_EXTENSION_DIR}" "--disable-extensions-except=${CHROMIUM_EXTENSION_DIR}")
      log "Chromium loads the extension in ${CHROMIUM_EXTENSION_DIR}"
    else
      log "CHROMIUM_EXTENSION_DIR=${CHROMIUM_EXTENSION_DIR} is not a directory: starting Chromium without it"
    fi
  fi
  if [[ -n ${CHROMIUM_EXTRA_FLAGS// /} ]]; then
    read -r -a extra <<<"$CHROMIUM_EXTRA_FLAGS"
    flags+=("${extra[@]}")
  fi
  start_child CHROMIUM_PID "Chromium on ${DISPLAY} (${CHROMIUM_START_URL})" \
    "$CHROMIUM_BIN" "${flags[@]}" "$CHROMIUM_START_URL"
}

# ---------------------------------------------------------------------------------------------------
# 4. The gateway
# ---------------------------------------------------------------------------------------------------
start_gateway() {
  log "starting gateway: ${GATEWAY_CMD}"
  start_child GATEWAY_PID "gateway" bash -c "exec ${GATEWAY_CMD}"
}

# ---------------------------------------------------------------------------------------------------
# Main
# ---------------------------------------------------------------------------------------------------
preflight
log "DISPLAY=${DISPLAY} PULSE_SERVER=${PULSE_SERVER} (config ${PULSE_CONFIG_FILE})"
start_xvfb
start_pulseaudio
start_chromium
start_gateway
log "all children started in $(($(now_ms) - START_MS)) ms; supervising"

# Supervise: `wait -n` returns when the first child ends (or a trapped signal arrives, in which case
# on_signal runs and exits). Any child ending here was not asked to.
children=("$XVFB_PID" "$PULSE_PID" "$GATEWAY_PID")
[[ -n $CHROMIUM_PID ]] && children+=("$CHROMIUM_PID")
while :; do
  died=""
  rc=0
  wait -n -p died "${children[@]}" || rc=$?
  if [[ -z $died ]]; then
    # No pid reported (should not happen): find out which child is gone.
    for pid in "${children[@]}"; do
      if ! is_running "$pid"; then
        died=$pid
        collect_exit_code "$pid"
        rc=$LAST_RC
        break
      fi
    done
    [[ -n $died ]] || continue
  fi
  EXIT_CODES[$died]=$rc
  name=$(child_name "$died")
  log "${name} (pid ${died}) exited unexpectedly with code ${rc}: stopping the others"
  trap '' TERM INT HUP
  shutdown_all
  if [[ $died == "$GATEWAY_PID" ]]; then
    ((rc != 0)) || rc=1
  else
    rc=1
  fi
  log "exiting with code ${rc}"
  exit "$rc"
done
