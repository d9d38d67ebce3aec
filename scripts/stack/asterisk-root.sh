# shellcheck shell=bash
# The Asterisk root folder: built once with mmdebstrap, cached as a tarball keyed by the
# package list, unpacked into $HOTLINE_ASTERISK_ROOT. Sourced by scripts/stack.sh.

ROOT_KEY_FILE_NAME=.hotline-root-key
ROOT_FORMAT_VERSION=1   # bump to force every machine to rebuild the root

asterisk_root_key() {
  printf '%s\n' "v$ROOT_FORMAT_VERSION" "$HOTLINE_DEBIAN_SUITE" "$HOTLINE_ASTERISK_PACKAGES" \
    | sha256sum | cut -c1-16
}

asterisk_root_tarball() {
  printf '%s/asterisk-root-%s-%s.tar.zst\n' "$HOTLINE_CACHE_DIR" "$HOTLINE_DEBIAN_SUITE" "$(asterisk_root_key)"
}

build_asterisk_tarball() {
  local tarball=$1 partial buildlog started
  partial="$(dirname "$tarball")/partial-$$-$(basename "$tarball")"
  buildlog="$HOTLINE_ASTERISK_DIR/mmdebstrap.log"
  need_cmd mmdebstrap zstd
  mkdir -p "$HOTLINE_CACHE_DIR" "$HOTLINE_ASTERISK_DIR"
  log "asterisk root: not in cache; building with mmdebstrap ($HOTLINE_DEBIAN_SUITE: $HOTLINE_ASTERISK_PACKAGES), about a minute, log in $buildlog"
  started=$SECONDS
  if ! mmdebstrap --variant=apt \
      --aptopt='Acquire::Check-Valid-Until "false"' \
      --include="$HOTLINE_ASTERISK_PACKAGES" \
      "$HOTLINE_DEBIAN_SUITE" "$partial" "$HOTLINE_DEBIAN_MIRROR" >"$buildlog" 2>&1; then
    rm -f "$partial"
    tail -n 25 "$buildlog" >&2
    die "mmdebstrap failed (full log: $buildlog)"
  fi
  mv -f "$partial" "$tarball"
  log "asterisk root: built in $((SECONDS - started)) s, cached as $tarball ($(human_size "$tarball"))"
}

# Leaves $HOTLINE_ASTERISK_ROOT holding the root for the current key.
ensure_asterisk_root() {
  local key tarball have started
  key=$(asterisk_root_key)
  tarball=$(asterisk_root_tarball)
  have=$(cat "$HOTLINE_ASTERISK_ROOT/$ROOT_KEY_FILE_NAME" 2>/dev/null || true)
  if [[ $have == "$key" && -x $HOTLINE_ASTERISK_ROOT/usr/sbin/asterisk ]]; then
    log "asterisk root: cached, $(human_size "$HOTLINE_ASTERISK_ROOT") ($HOTLINE_ASTERISK_ROOT, key $key)"
    return 0
  fi
  if [[ -e $HOTLINE_ASTERISK_ROOT ]]; then
    log "asterisk root: present but for another package list (key '${have:-none}', want $key); replacing it"
    stop_asterisk
    unmount_root_proc
    rm -rf --one-file-system "$HOTLINE_ASTERISK_ROOT"
  fi
  [[ -s $tarball ]] || build_asterisk_tarball "$tarball"
  log "asterisk root: unpacking $(basename "$tarball") ($(human_size "$tarball")) into $HOTLINE_ASTERISK_ROOT"
  started=$SECONDS
  mkdir -p "$HOTLINE_ASTERISK_ROOT.partial"
  if ! tar -I zstd -xpf "$tarball" --numeric-owner -C "$HOTLINE_ASTERISK_ROOT.partial"; then
    rm -rf --one-file-system "$HOTLINE_ASTERISK_ROOT.partial"
    die "could not unpack $tarball (delete it to force a rebuild)"
  fi
  echo "$key" >"$HOTLINE_ASTERISK_ROOT.partial/$ROOT_KEY_FILE_NAME"
  mv "$HOTLINE_ASTERISK_ROOT.partial" "$HOTLINE_ASTERISK_ROOT"
  log "asterisk root: ready, $(human_size "$HOTLINE_ASTERISK_ROOT"), unpacked in $((SECONDS - started)) s ($(chroot "$HOTLINE_ASTERISK_ROOT" asterisk -V))"
}

# Host path of a path inside the root. Debian's root has absolute symlinks (/var/run ->
# /run), which on the host would point at the host's own /run: resolve them inside.
root_path() {
  local resolved
  resolved=$(chroot "$HOTLINE_ASTERISK_ROOT" readlink -m "$1")
  printf '%s%s\n' "$HOTLINE_ASTERISK_ROOT" "$resolved"
}

# Folders Asterisk needs at run time, owned by the account it runs as, /etc/hosts for its
# resolver, and /proc (mounted once).
prepare_asterisk_root() {
  local r=$HOTLINE_ASTERISK_ROOT dir
  # created from inside the root, so /var/run/asterisk lands in the root's /run
  chroot "$r" mkdir -p /var/run/asterisk /var/lib/asterisk /var/lib/asterisk/keys /var/log/asterisk \
    /var/spool/asterisk /var/spool/asterisk/recording /var/cache/asterisk
  ensure_asterisk_account
  # what Asterisk writes is its own (astdb, logs, recordings, the control socket); the host's
  # root (the app, the tests) still reads and deletes recordings
  for dir in /var/run/asterisk /var/lib/asterisk /var/log/asterisk /var/spool/asterisk /var/cache/asterisk; do
    chown -R "$ASTERISK_UID:$ASTERISK_GID" "$(root_path "$dir")"
  done
  give_config_to_asterisk
  build_bind_shim
  [[ -s $r/etc/hosts ]] || printf '127.0.0.1\tlocalhost\n::1\t\tlocalhost ip6-localhost ip6-loopback\n' >"$r/etc/hosts"
  if ! mountpoint -q "$r/proc"; then
    mkdir -p "$r/proc"
    mount -t proc proc "$r/proc"
  fi
}

unmount_root_proc() {
  local p=$HOTLINE_ASTERISK_ROOT/proc
  if mountpoint -q "$p" 2>/dev/null; then
    umount "$p" 2>/dev/null || umount -l "$p"
    log "asterisk root: /proc unmounted"
  fi
}

# Asterisk runs as the root's "asterisk" account, with the uid and gid of a host account of its
# own (HOTLINE_ASTERISK_USER, created once), so no other host account owns its process or its
# files. Sets ASTERISK_UID and ASTERISK_GID.
ensure_asterisk_account() {
  local r=$HOTLINE_ASTERISK_ROOT user=$HOTLINE_ASTERISK_USER uid gid old_uid old_gid clash
  if ! getent passwd "$user" >/dev/null; then
    need_cmd useradd
    useradd --system --user-group --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin \
      --comment "hotline12345 Asterisk" "$user" || die "could not create the host account $user for Asterisk"
    log "asterisk account: created the host account $user"
  fi
  uid=$(id -u "$user")
  gid=$(id -g "$user")
  ((uid != 0 && gid != 0)) || die "HOTLINE_ASTERISK_USER=$user is root; Asterisk must not run as root"
  old_uid=$(awk -F: '$1 == "asterisk" { print $3 }' "$r/etc/passwd")
  old_gid=$(awk -F: '$1 == "asterisk" { print $3 }' "$r/etc/group")
  [[ -n $old_uid && -n $old_gid ]] || die "the Asterisk root has no asterisk account ($r/etc/passwd, $r/etc/group)"
  if [[ $old_uid != "$uid" || $old_gid != "$gid" ]]; then
    clash=$(awk -F: -v id="$uid" '$1 != "asterisk" && $3 == id { print $1 }' "$r/etc/passwd")
    [[ -z $clash ]] || die "uid $uid of $user belongs to '$clash' in the Asterisk root; set HOTLINE_ASTERISK_USER to another account"
    clash=$(awk -F: -v id="$gid" '$1 != "asterisk" && $3 == id { print $1 }' "$r/etc/group")
    [[ -z $clash ]] || die "gid $gid of $user belongs to group '$clash' in the Asterisk root; set HOTLINE_ASTERISK_USER to another account"
    sed -i -E "s/^asterisk:([^:]*):[0-9]+:[0-9]+:/asterisk:\\1:$uid:$gid:/" "$r/etc/passwd"
    sed -i -E "s/^asterisk:([^:]*):[0-9]+:/asterisk:\\1:$gid:/" "$r/etc/group"
    # what the packages gave the old ids (sounds, music on hold, spool folders)
    find "$r" -xdev -uid "$old_uid" -exec chown -h "$uid" {} +
    find "$r" -xdev -gid "$old_gid" -exec chgrp -h "$gid" {} +
    log "asterisk account: the root's asterisk is uid $uid, gid $gid (was $old_uid/$old_gid), the host's $user"
  fi
  ASTERISK_UID=$uid
  ASTERISK_GID=$gid
}

# /etc/asterisk: written by root, readable by Asterisk's group only (it holds the ARI and AMI
# secrets). Called again after every render.
give_config_to_asterisk() {
  local etc=$HOTLINE_ASTERISK_ROOT/etc/asterisk gid
  [[ -d $etc ]] || return 0
  gid=$(awk -F: '$1 == "asterisk" { print $3 }' "$HOTLINE_ASTERISK_ROOT/etc/group")
  chown -R "0:$gid" "$etc"
  chmod 750 "$etc"
  find "$etc" -mindepth 1 -type f -exec chmod 640 {} +
}

# The library preloaded into Asterisk that binds "any address" sockets to ASTERISK_BIND_ADDR
# (scripts/stack/bind-to-address.c), built when its source changed. Without a C compiler
# Asterisk still starts, with pjproject's DNS client on every address (stack.sh warns).
BIND_SHIM_IN_ROOT=/usr/local/lib/hotline12345/bind-to-address.so
build_bind_shim() {
  local src=$STACK_PARTS/bind-to-address.c so=$HOTLINE_ASTERISK_ROOT$BIND_SHIM_IN_ROOT sum
  sum=$(sha256sum "$src" | cut -c1-16)
  [[ -s $so && $(cat "$so.source" 2>/dev/null) == "$sum" ]] && return 0
  if ! command -v cc >/dev/null 2>&1; then
    warn "no C compiler (cc): Asterisk starts without $BIND_SHIM_IN_ROOT; run: bash scripts/setup.sh"
    rm -f "$so"
    return 0
  fi
  mkdir -p "$(dirname "$so")"
  if ! cc -shared -fPIC -O2 -Wall -o "$so.partial" "$src" 2>"$HOTLINE_ASTERISK_DIR/bind-shim.log"; then
    warn "could not build $BIND_SHIM_IN_ROOT (see $HOTLINE_ASTERISK_DIR/bind-shim.log); Asterisk starts without it"
    rm -f "$so" "$so.partial"
    return 0
  fi
  chmod 755 "$so.partial"
  mv -f "$so.partial" "$so"
  echo "$sum" >"$so.source"
  log "asterisk root: built $BIND_SHIM_IN_ROOT (binds any-address sockets to ASTERISK_BIND_ADDR)"
}
