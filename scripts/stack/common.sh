# shellcheck shell=bash disable=SC2034  # the settings are used by the other parts
# Shared settings and helpers for scripts/stack.sh. Sourced, never run.
# Every path and address can be overridden from the environment.

REPO_DIR=${REPO_DIR:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
HOTLINE_STACK_DIR=${HOTLINE_STACK_DIR:-$REPO_DIR/.stack}
HOTLINE_CACHE_DIR=${HOTLINE_CACHE_DIR:-${HOME:-/root}/.cache/hotline12345}
HOTLINE_ASTERISK_DIR=${HOTLINE_ASTERISK_DIR:-$HOTLINE_STACK_DIR/asterisk}
HOTLINE_ASTERISK_ROOT=${HOTLINE_ASTERISK_ROOT:-$HOTLINE_ASTERISK_DIR/root}
HOTLINE_DEBIAN_MIRROR=${HOTLINE_DEBIAN_MIRROR:-http://deb.debian.org/debian}
HOTLINE_DEBIAN_SUITE=${HOTLINE_DEBIAN_SUITE:-sid}
HOTLINE_ASTERISK_PACKAGES=${HOTLINE_ASTERISK_PACKAGES:-asterisk,asterisk-modules,asterisk-core-sounds-en-wav,asterisk-moh-opsound-wav}
HOTLINE_BOOT_TIMEOUT=${HOTLINE_BOOT_TIMEOUT:-60}
# The host account whose uid/gid the root's "asterisk" account gets; Asterisk runs as it.
HOTLINE_ASTERISK_USER=${HOTLINE_ASTERISK_USER:-hotline-asterisk}

SECRETS_FILE=$HOTLINE_STACK_DIR/secrets.env
HOTLINE_ENV_FILE=$HOTLINE_STACK_DIR/hotline.env
SITE_ENV_FILE=${HOTLINE_SITE_ENV:-$HOTLINE_STACK_DIR/site.env}
CONSOLE_LOG=$HOTLINE_ASTERISK_DIR/console.log
DIALPLANS_DIR=$REPO_DIR/dialplans
SOUNDS_DIR=$REPO_DIR/sounds

log() { printf '[stack] %s\n' "$*"; }
warn() { printf '[stack] WARNING: %s\n' "$*" >&2; }
die() { printf '[stack] ERROR: %s\n' "$*" >&2; exit 1; }

need_root() {
  [[ $(id -u) -eq 0 ]] || die "needs root (mmdebstrap, chroot and mount); run with sudo"
}

need_cmd() {
  local c
  for c in "$@"; do
    command -v "$c" >/dev/null 2>&1 || die "'$c' is missing; run: bash scripts/setup.sh"
  done
}

# Human size of a file or folder, e.g. "362 MB".
human_size() {
  du -sm "$1" 2>/dev/null | awk '{print $1 " MB"}'
}

# One lock for everything that changes the stack, so two `up`s never race.
take_stack_lock() {
  mkdir -p "$HOTLINE_STACK_DIR"
  # secrets.env, hotline.env, the root's configuration: for root only (Asterisk enters its
  # root as root before it drops to its own account, so it never walks this folder)
  chmod 700 "$HOTLINE_STACK_DIR"
  exec 9>"$HOTLINE_STACK_DIR/.lock"
  if ! flock -n 9; then
    log "another stack.sh holds the lock; waiting (up to 10 min)"
    flock -w 600 9 || die "could not take $HOTLINE_STACK_DIR/.lock"
  fi
}
