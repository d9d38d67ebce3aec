# shellcheck shell=bash
# Copies the repo's prompts into the root: sounds/zh/*.wav -> sounds/zh/hotline/,
# sounds/en/*.wav -> sounds/en/hotline/ (Playback(hotline/<name>) with CHANNEL(language)).
# Tolerates an empty or missing sounds/ folder. Sourced by scripts/stack.sh.

# Where /usr/share/asterisk/sounds/<lang> really is inside the root: Debian makes "en" a
# symlink through /etc/alternatives, which must be resolved inside the root, not on the host.
sounds_dir_in_root() {
  root_path "/usr/share/asterisk/sounds/$1"
}

install_sounds() {
  local lang src dest f name copied removed total summary=()
  for lang in zh en; do
    src=$SOUNDS_DIR/$lang
    dest=$(sounds_dir_in_root "$lang")/hotline
    mkdir -p "$dest"
    copied=0 removed=0 total=0
    if [[ -d $src ]]; then
      for f in "$src"/*.wav; do
        [[ -e $f ]] || continue
        total=$((total + 1))
        if ! cmp -s "$f" "$dest/$(basename "$f")"; then
          cp "$f" "$dest/"
          copied=$((copied + 1))
        fi
      done
    fi
    for f in "$dest"/*.wav; do
      [[ -e $f ]] || continue
      name=$(basename "$f")
      if [[ ! -e $src/$name ]]; then
        rm -f "$f"
        removed=$((removed + 1))
      fi
    done
    chmod -R a+rX "$dest"
    summary+=("$lang $total prompts ($copied copied, $removed removed)")
  done
  log "sounds: ${summary[0]}; ${summary[1]}"
  if [[ ! -e $SOUNDS_DIR/zh/app-down-apology.wav ]]; then
    warn "sounds/zh/app-down-apology.wav is missing: the fallback path plays nothing until it exists"
  fi
}
