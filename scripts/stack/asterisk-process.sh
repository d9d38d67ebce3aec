# shellcheck shell=bash
# Starting, stopping and talking to Asterisk inside the root: chroot straight into the root's
# unprivileged "asterisk" account (the uid/gid of the host's HOTLINE_ASTERISK_USER), so
# Asterisk never holds root, not even while it starts. Sourced by scripts/stack.sh.

asterisk_cli() {
  chroot "$HOTLINE_ASTERISK_ROOT" /usr/sbin/asterisk -rx "$1"
}

# PID of the Asterisk that runs in *our* root, or nothing (a stale pid file is ignored).
asterisk_pid() {
  local pidfile pid want have
  pidfile=$(root_path /var/run/asterisk/asterisk.pid 2>/dev/null) || return 1
  [[ -s $pidfile ]] || return 1
  read -r pid <"$pidfile" || return 1
  [[ $pid =~ ^[0-9]+$ ]] && [[ -d /proc/$pid ]] || return 1
  want=$(realpath "$HOTLINE_ASTERISK_ROOT")
  have=$(readlink "/proc/$pid/root" 2>/dev/null || true)
  [[ $have == "$want" ]] && grep -qa asterisk "/proc/$pid/cmdline" || return 1
  echo "$pid"
}

# True while the process runs (a zombie counts as gone).
process_alive() {
  local state
  state=$(ps -o stat= -p "$1" 2>/dev/null) && [[ $state != Z* ]]
}

# "127.0.0.1:5060/udp 127.0.0.1:8088/tcp ..." for the given pid.
asterisk_listeners() {
  local pid=$1
  ss -lntupH 2>/dev/null | awk -v p="pid=$pid," 'index($0, p) { print $5 "/" $1 }' | sort -u | tr '\n' ' '
}

check_loopback_only() {
  local pid=$1 listeners addr bad=()
  # the SIP transport may bind a moment after "fully booted"
  for _ in $(seq 1 25); do
    listeners=$(asterisk_listeners "$pid")
    [[ $listeners == *":${SIP_PORT:-5060}/udp"* ]] && break
    sleep 0.2
  done
  local lo hi port dns=() ours=() uid
  read -r lo hi </proc/sys/net/ipv4/ip_local_port_range
  for addr in $listeners; do
    port=${addr##*:}
    port=${port%/*}
    if [[ $addr == 127.* || $addr == "[::1]:"* ]]; then
      ours+=("$addr")
    elif [[ $addr == *"/udp" && ($addr == 0.0.0.0:* || $addr == "[::]:"*) ]] && ((port >= lo && port <= hi)); then
      # pjproject's DNS client: res_pjsip creates it at load (glibc names 127.0.0.1 when
      # resolv.conf has no server) and pjlib binds it to every address, no setting changes
      # that; only the preloaded bind-to-address.so does (see build_bind_shim).
      dns+=("$addr")
    else
      bad+=("$addr")
    fi
  done
  uid=$(awk '/^Uid:/ { print $2 }' "/proc/$pid/status" 2>/dev/null || true)
  if [[ $uid == 0 ]]; then
    warn "asterisk (pid $pid) runs as root"
  else
    log "asterisk: runs as uid ${uid:-?} ($HOTLINE_ASTERISK_USER)"
  fi
  if [[ $listeners != *":${SIP_PORT:-5060}/udp"* ]]; then
    warn "the SIP transport is not bound (port ${SIP_PORT:-5060}/udp taken by another program?); see: stack.sh cli 'pjsip show transports'"
  fi
  if ((${#dns[@]})); then
    warn "asterisk's DNS client listens on every address (${dns[*]}): $BIND_SHIM_IN_ROOT is missing"
  fi
  if ((${#bad[@]})); then
    warn "asterisk listens beyond loopback: ${bad[*]}"
  else
    log "asterisk: services on ${ours[*]:-nothing yet} (loopback only)"
  fi
}

# Our ports must be free. An Asterisk of another hotline checkout (its root ends in
# .stack/asterisk/root) is stopped; any other program holding them is an error that names it.
free_our_ports() {
  local port proto line pid root
  for port in "${SIP_PORT:-5060}/udp" "${ARI_HTTP_PORT:-8088}/tcp" "${AMI_PORT:-5038}/tcp"; do
    proto=${port#*/}
    line=$(ss -lnpH "--$proto" 2>/dev/null | awk -v a="${ASTERISK_BIND_ADDR:-127.0.0.1}:${port%/*}" -v any="0.0.0.0:${port%/*}" \
      '{ for (i = 1; i <= NF; i++) if ($i == a || $i == any) { print; exit } }')
    [[ -n $line ]] || continue
    pid=$(grep -o 'pid=[0-9]*' <<<"$line" | head -n 1 | cut -d= -f2)
    [[ -n $pid ]] || die "port $port is taken by another program: $line"
    root=$(readlink "/proc/$pid/root" 2>/dev/null || true)
    if grep -qa asterisk "/proc/$pid/cmdline" 2>/dev/null && [[ $root == */.stack/asterisk/root ]]; then
      warn "stopping the Asterisk of another hotline checkout (pid $pid, root $root) that holds port $port"
      timeout 10 chroot "$root" /usr/sbin/asterisk -rx 'core stop now' >/dev/null 2>&1 || kill -TERM "$pid" 2>/dev/null || true
      for _ in $(seq 1 20); do [[ -d /proc/$pid ]] || break; sleep 0.5; done
      [[ -d /proc/$pid ]] && kill -KILL "$pid" 2>/dev/null
      sleep 0.5
    else
      die "port $port is taken by pid $pid ($(tr '\0' ' ' </proc/"$pid"/cmdline 2>/dev/null)); stop it or change the port (see dialplans/README.md)"
    fi
  done
}

start_asterisk() {
  local pid started bg waited=0 preload
  if pid=$(asterisk_pid); then
    log "asterisk: already running (pid $pid)"
    return 0
  fi
  free_our_ports
  [[ -x $HOTLINE_ASTERISK_ROOT/usr/sbin/asterisk ]] || die "no Asterisk root at $HOTLINE_ASTERISK_ROOT; run: bash scripts/stack.sh up"
  grep -q 'hotline12345' "$HOTLINE_ASTERISK_ROOT/etc/asterisk/asterisk.conf" 2>/dev/null \
    || die "the root still has the stock configuration; run: bash scripts/stack.sh up"
  prepare_asterisk_root
  rm -f "$(root_path /var/run/asterisk/asterisk.ctl)" "$(root_path /var/run/asterisk/asterisk.pid)"
  [[ -s $CONSOLE_LOG ]] && mv -f "$CONSOLE_LOG" "$CONSOLE_LOG.1"
  log "asterisk: starting (console output in $CONSOLE_LOG)"
  started=$SECONDS
  # -f: stay in the foreground of this background job; -n: no colours in the log;
  # -vvv: verbose lines (dialplan steps) go to the console log.
  # 9>&-: the stack lock must not be inherited (Asterisk would hold it forever).
  # In the background job, close every descriptor but stdin/out/err (a caller's flock on the
  # e2e lock, the stack lock on fd 9): Asterisk would otherwise hold them as long as it runs.
  (
    for fd in /proc/"$BASHPID"/fd/*; do
      fd=${fd##*/}
      if ((fd > 2)); then eval "exec $fd>&-" 2>/dev/null || true; fi
    done
    preload=()
    [[ -s $HOTLINE_ASTERISK_ROOT$BIND_SHIM_IN_ROOT ]] \
      && preload=("LD_PRELOAD=$BIND_SHIM_IN_ROOT" "HOTLINE_BIND_ADDR=${ASTERISK_BIND_ADDR:-127.0.0.1}")
    exec setsid -w chroot --userspec="$ASTERISK_UID:$ASTERISK_GID" --groups="$ASTERISK_GID" "$HOTLINE_ASTERISK_ROOT" \
      /usr/bin/env HOME=/var/lib/asterisk "${preload[@]}" /usr/sbin/asterisk -f -n -vvv
  ) </dev/null >>"$CONSOLE_LOG" 2>&1 &
  bg=$!
  until timeout 5 chroot "$HOTLINE_ASTERISK_ROOT" /usr/sbin/asterisk -rx 'core waitfullybooted' >/dev/null 2>&1; do
    if ((waited >= HOTLINE_BOOT_TIMEOUT)); then
      tail -n 30 "$CONSOLE_LOG" >&2 || true
      kill -TERM "$bg" 2>/dev/null || true
      die "asterisk did not finish booting within ${HOTLINE_BOOT_TIMEOUT} s (see $CONSOLE_LOG)"
    fi
    if ! process_alive "$bg"; then
      tail -n 30 "$CONSOLE_LOG" >&2 || true
      die "asterisk exited during startup (see $CONSOLE_LOG)"
    fi
    sleep 1
    waited=$((waited + 1))
  done
  pid=$(asterisk_pid) || die "asterisk booted but its pid file is missing"
  log "asterisk: started (pid $pid), fully booted in $((SECONDS - started)) s"
  check_loopback_only "$pid"
}

stop_asterisk() {
  local pid
  if ! pid=$(asterisk_pid); then
    log "asterisk: not running"
    unmount_root_proc
    return 0
  fi
  log "asterisk: stopping (pid $pid): core stop now"
  timeout 10 chroot "$HOTLINE_ASTERISK_ROOT" /usr/sbin/asterisk -rx 'core stop now' >/dev/null 2>&1 || true
  for _ in $(seq 1 50); do
    [[ -d /proc/$pid ]] || break
    sleep 0.2
  done
  if [[ -d /proc/$pid ]]; then
    warn "asterisk did not stop within 10 s; sending TERM to pid $pid"
    kill -TERM "$pid" 2>/dev/null || true
    sleep 3
    if [[ -d /proc/$pid ]]; then
      kill -KILL "$pid" 2>/dev/null || true
    fi
  fi
  log "asterisk: stopped"
  unmount_root_proc
}

print_asterisk_status() {
  local pid apps
  if pid=$(asterisk_pid); then
    log "asterisk: running, pid $pid, root $HOTLINE_ASTERISK_ROOT"
    log "asterisk: $(asterisk_cli 'core show version' | head -n 1)"
    log "asterisk: $(asterisk_cli 'core show uptime' | head -n 1)"
    log "asterisk: $(asterisk_cli 'core show channels count' | grep -m1 'active call' || true)"
    log "asterisk: listening on $(asterisk_listeners "$pid")"
    apps=$(asterisk_cli 'ari show apps' | tail -n +3 | xargs echo || true)
    log "asterisk: ARI apps connected: ${apps:-none}"
  else
    log "asterisk: not running (root ${HOTLINE_ASTERISK_ROOT}$([[ -d $HOTLINE_ASTERISK_ROOT ]] || echo ', not built'))"
  fi
}
