#!/usr/bin/env bash
# The local development stack: Asterisk 22 (Debian sid packages in a chroot root built
# with mmdebstrap), bound to 127.0.0.1 only, plus the machine's Redis.
#
#   bash scripts/stack.sh up                 build/unpack the root, secrets, config, sounds, start
#   bash scripts/stack.sh down               stop Asterisk (core stop now), unmount /proc
#   bash scripts/stack.sh status             what runs, where it listens
#   bash scripts/stack.sh restart-asterisk   stop + start without re-rendering the config
#   bash scripts/stack.sh cli "CMD"          run an Asterisk CLI command (asterisk -rx)
#   bash scripts/stack.sh env                print the app environment (.stack/hotline.env)
#   bash scripts/stack.sh running            exit 0 if this checkout's Asterisk runs, 1 if not
#
# Settings (environment, or KEY=VALUE lines in .stack/site.env): HOTLINE_STACK_DIR,
# HOTLINE_CACHE_DIR, HOTLINE_ASTERISK_ROOT, HOTLINE_DEBIAN_MIRROR, EMERGENCY_110_URI ...
# (full list in scripts/stack/render-config.sh and dialplans/README.md).
set -euo pipefail

STACK_PARTS=$(cd "$(dirname "${BASH_SOURCE[0]}")/stack" && pwd)
# shellcheck source-path=SCRIPTDIR/stack
. "$STACK_PARTS/common.sh"
for part in asterisk-root secrets render-config install-sounds asterisk-process redis hotline-env; do
  # shellcheck disable=SC1090
  . "$STACK_PARTS/$part.sh"
done

usage() {
  sed -n '2,13p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
  exit "${1:-2}"
}

cmd_up() {
  need_root
  need_cmd mmdebstrap zstd envsubst chroot mount ss flock
  take_stack_lock
  log "stack dir: $HOTLINE_STACK_DIR (cache: $HOTLINE_CACHE_DIR)"
  ensure_asterisk_root
  prepare_asterisk_root
  ensure_secrets
  render_asterisk_config
  install_sounds
  ensure_redis
  write_hotline_env
  local pid
  if pid=$(asterisk_pid); then
    if ((CONFIG_NEEDS_RESTART)); then
      log "asterisk: core options, modules or the SIP/HTTP bind changed; restarting (calls in progress are dropped)"
      stop_asterisk
      start_asterisk
    elif ((CONFIG_CHANGED)); then
      asterisk_cli 'core reload' >/dev/null
      log "asterisk: configuration changed; reloaded (pid $pid, calls in progress kept)"
      check_loopback_only "$pid"
    else
      timeout 10 chroot "$HOTLINE_ASTERISK_ROOT" /usr/sbin/asterisk -rx 'core waitfullybooted' >/dev/null \
        || die "asterisk (pid $pid) does not answer on its control socket; try: bash scripts/stack.sh restart-asterisk"
      log "asterisk: already running (pid $pid), configuration unchanged"
      check_loopback_only "$pid"
    fi
  else
    start_asterisk
  fi
  print_up_summary
}

cmd_down() {
  need_root
  take_stack_lock
  stop_asterisk
  log "down: Redis is the machine's and keeps running"
}

cmd_restart_asterisk() {
  need_root
  take_stack_lock
  stop_asterisk
  start_asterisk
}

cmd_cli() {
  (($# > 0)) || die 'usage: stack.sh cli "pjsip show endpoints"'
  asterisk_pid >/dev/null || die "asterisk is not running; run: bash scripts/stack.sh up"
  asterisk_cli "$*"
}

cmd_env() {
  [[ -s $HOTLINE_ENV_FILE ]] || die "$HOTLINE_ENV_FILE does not exist yet; run: bash scripts/stack.sh up"
  grep -v '^#' "$HOTLINE_ENV_FILE"
}

cmd_status() {
  log "stack dir: $HOTLINE_STACK_DIR"
  print_asterisk_status
  print_redis_status
  if [[ -s $SECRETS_FILE ]]; then
    log "secrets: $SECRETS_FILE ($(stat -c %a "$SECRETS_FILE"))"
  else
    log "secrets: none yet"
  fi
  local cached
  cached=$(find "$HOTLINE_CACHE_DIR" -maxdepth 1 -name 'asterisk-root-*.tar.zst' -printf '%f ' 2>/dev/null || true)
  log "cache: $HOTLINE_CACHE_DIR ${cached:-(empty)}"
}

main() {
  local cmd=${1:-}
  (($#)) && shift
  case $cmd in
    up) cmd_up ;;
    down) cmd_down ;;
    status) cmd_status ;;
    restart-asterisk) cmd_restart_asterisk ;;
    cli) cmd_cli "$@" ;;
    env) cmd_env ;;
    running) asterisk_pid >/dev/null ;;
    -h | --help | help) usage 0 ;;
    *) usage 2 ;;
  esac
}

main "$@"
