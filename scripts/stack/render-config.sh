# shellcheck shell=bash disable=SC2034,SC2016  # CONFIG_* are read by stack.sh; '${' is literal
# Renders the dialplans/ templates into the root's /etc/asterisk, replacing the stock
# Debian configuration. Only the variables listed in RENDER_VARS are substituted; every
# other ${...} (Asterisk's own dialplan variables) is left untouched.
# Sourced by scripts/stack.sh.

# name|default|allowed values (extended regex)
RENDER_SPEC=(
  "HOTLINE_NUMBER|12345|^[0-9]{3,8}$"
  # the progress line (工单进度查询): never the hotline number or its enterprise line (HOTLINE_NUMBER then 1)
  "PROGRESS_LINE_NUMBER|123452|^[0-9]{3,8}$"
  "ARI_APP|hotline|^[a-z][a-z0-9_-]*$"
  "ARI_USERNAME|hotline|^[a-z][a-z0-9_-]*$"
  "AMI_USERNAME|hotline|^[a-z][a-z0-9_-]*$"
  "ASTERISK_BIND_ADDR|127.0.0.1|^[0-9]{1,3}(\.[0-9]{1,3}){3}$"
  "SIP_PORT|5060|^[0-9]{2,5}$"
  "ARI_HTTP_PORT|8088|^[0-9]{2,5}$"
  "AMI_PORT|5038|^[0-9]{2,5}$"
  "RTP_PORT_START|10000|^[0-9]{4,5}$"
  "RTP_PORT_END|19999|^[0-9]{4,5}$"
  "CARRIER_MATCH|127.0.0.2|^[0-9./,]+$"
  "CARRIER_URI|sip:127.0.0.2:5060|^sips?:[A-Za-z0-9.@:;=_+-]+$"
  "EMERGENCY_110_URI|sip:110@127.0.0.3:5110|^sips?:[A-Za-z0-9.@:;=_+-]+$"
  "EMERGENCY_119_URI|sip:119@127.0.0.3:5119|^sips?:[A-Za-z0-9.@:;=_+-]+$"
  "EMERGENCY_120_URI|sip:120@127.0.0.3:5120|^sips?:[A-Za-z0-9.@:;=_+-]+$"
  "EMERGENCY_122_URI|sip:122@127.0.0.3:5122|^sips?:[A-Za-z0-9.@:;=_+-]+$"
  # each emergency number's routes, tried in order (comma-separated Dial strings)
  "EMERGENCY_110_ROUTES|PJSIP/emergency-110,PJSIP/110@carrier|^[A-Za-z0-9/@._&-]+(,[A-Za-z0-9/@._&-]+)*$"
  "EMERGENCY_119_ROUTES|PJSIP/emergency-119,PJSIP/119@carrier|^[A-Za-z0-9/@._&-]+(,[A-Za-z0-9/@._&-]+)*$"
  "EMERGENCY_120_ROUTES|PJSIP/emergency-120,PJSIP/120@carrier|^[A-Za-z0-9/@._&-]+(,[A-Za-z0-9/@._&-]+)*$"
  "EMERGENCY_122_ROUTES|PJSIP/emergency-122,PJSIP/122@carrier|^[A-Za-z0-9/@._&-]+(,[A-Za-z0-9/@._&-]+)*$"
  # a route that neither rings nor sends early media this long is skipped (not the last one)
  "EMERGENCY_ROUTE_WAIT_SECONDS|4|^[1-9][0-9]?$"
  "EMERGENCY_RING_SECONDS|60|^[1-9][0-9]{0,2}$"
  "FALLBACK_QUEUE|hotline-general|^[a-z][a-z0-9_-]*$"
  # generated in secrets.env, no default
  "ARI_PASSWORD||^[A-Za-z0-9]{16,}$"
  "AMI_SECRET||^[A-Za-z0-9]{16,}$"
  "AGENT_1001_PASSWORD||^[A-Za-z0-9]{16,}$"
  "AGENT_1002_PASSWORD||^[A-Za-z0-9]{16,}$"
)

# Optional site settings (.stack/site.env, KEY=VALUE lines); the process environment wins.
load_site_env() {
  local key value
  [[ -f $SITE_ENV_FILE ]] || return 0
  while IFS='=' read -r key value; do
    [[ $key =~ ^[A-Z][A-Z0-9_]*$ ]] || continue
    [[ -n ${!key+set} ]] && continue
    printf -v "$key" '%s' "$value"
    export "${key?}"
  done <"$SITE_ENV_FILE"
  log "config: site settings read from $SITE_ENV_FILE"
}

# Applies defaults, validates every value, exports them. Dies naming each bad variable.
resolve_render_vars() {
  local spec name default pattern bad=0
  RENDER_VARS=()
  for spec in "${RENDER_SPEC[@]}"; do
    IFS='|' read -r name default pattern <<<"$spec"
    if [[ -z ${!name:-} ]]; then
      printf -v "$name" '%s' "$default"
    fi
    if [[ ! ${!name} =~ $pattern ]]; then
      printf '[stack] ERROR: %s=%q does not match %s\n' "$name" "${!name}" "$pattern" >&2
      bad=1
    fi
    export "${name?}"
    RENDER_VARS+=("$name")
  done
  ((RTP_PORT_START < RTP_PORT_END)) || { echo "[stack] ERROR: RTP_PORT_START must be below RTP_PORT_END" >&2; bad=1; }
  ((EMERGENCY_ROUTE_WAIT_SECONDS < EMERGENCY_RING_SECONDS)) \
    || { echo "[stack] ERROR: EMERGENCY_ROUTE_WAIT_SECONDS must be below EMERGENCY_RING_SECONDS" >&2; bad=1; }
  [[ $PROGRESS_LINE_NUMBER != "$HOTLINE_NUMBER" && $PROGRESS_LINE_NUMBER != "${HOTLINE_NUMBER}1" ]] \
    || { echo "[stack] ERROR: PROGRESS_LINE_NUMBER must differ from HOTLINE_NUMBER and its enterprise line ${HOTLINE_NUMBER}1" >&2; bad=1; }
  for name in EMERGENCY_110_DIAL EMERGENCY_119_DIAL EMERGENCY_120_DIAL EMERGENCY_122_DIAL; do
    [[ -z ${!name:-} ]] || { echo "[stack] ERROR: $name is replaced by ${name%_DIAL}_ROUTES (routes tried in order, comma-separated)" >&2; bad=1; }
  done
  ((bad == 0)) || die "fix the settings above (environment or $SITE_ENV_FILE)"
}

# The realm of the agents' auth objects; the same as SIP_REALM in src/domain/agent/sip-credential.ts.
SIP_REALM=hotline12345

# pjsip.conf gets the static agents' digest credentials, MD5("user:realm:password"), never the
# passwords (those stay in .stack/secrets.env for the softphones and the tests).
derive_sip_digests() {
  local ext password digest
  for ext in 1001 1002; do
    password=AGENT_${ext}_PASSWORD
    digest=$(printf '%s:%s:%s' "$ext" "$SIP_REALM" "${!password}" | md5sum | cut -c1-32)
    printf -v "AGENT_${ext}_MD5" '%s' "$digest"
    export "AGENT_${ext}_MD5"
    RENDER_VARS+=("AGENT_${ext}_MD5")
  done
}

# Sets CONFIG_CHANGED=1 when /etc/asterisk in the root was replaced.
render_asterisk_config() {
  local etc=$HOTLINE_ASTERISK_ROOT/etc/asterisk stage=$HOTLINE_ASTERISK_DIR/etc.rendered
  local shell_format="" name file base count=0 left
  CONFIG_CHANGED=0
  CONFIG_NEEDS_RESTART=0
  need_cmd envsubst
  load_site_env
  resolve_render_vars
  derive_sip_digests
  for name in "${RENDER_VARS[@]}"; do shell_format+="\${$name} "; done
  rm -rf "$stage"
  mkdir -p "$stage"
  for file in "$DIALPLANS_DIR"/*.conf; do
    [[ -e $file ]] || die "no templates in $DIALPLANS_DIR"
    base=$(basename "$file")
    envsubst "$shell_format" <"$file" >"$stage/$base"
    count=$((count + 1))
    # Outside the dialplan files every ${...} is ours: one left means a typo in a template.
    case $base in extensions.conf | cdr_custom.conf) ;; *)
      left=$(grep -no '\${[^}]*}' "$stage/$base" | head -n 3 || true)
      [[ -z $left ]] || die "dialplans/$base has unknown variables: $left"
    esac
  done
  chmod 640 "$stage"/*
  if diff -rq "$stage" "$etc" >/dev/null 2>&1; then
    log "asterisk config: $count files from dialplans/, unchanged"
    rm -rf "$stage"
    return 0
  fi
  CONFIG_NEEDS_RESTART=0
  config_needs_restart "$stage" "$etc" && CONFIG_NEEDS_RESTART=1
  mkdir -p "$etc"
  find "$etc" -mindepth 1 -delete
  cp -p "$stage"/* "$etc"/
  rm -rf "$stage"
  give_config_to_asterisk
  CONFIG_CHANGED=1
  log "asterisk config: rendered $count files from dialplans/ into $etc"
}

# A running Asterisk can take most changes with `core reload`; these need a restart:
# core options, the module list, the HTTP bind, and the SIP transport.
config_needs_restart() {
  local new=$1 old=$2 f
  [[ -f $old/asterisk.conf ]] && grep -q hotline12345 "$old/asterisk.conf" || return 0
  for f in asterisk.conf modules.conf http.conf; do
    cmp -s "$new/$f" "$old/$f" || return 0
  done
  [[ $(transport_sections "$new/pjsip.conf") == "$(transport_sections "$old/pjsip.conf" 2>/dev/null)" ]] || return 0
  # files that appeared or disappeared change what modules load
  [[ $(ls "$new") == "$(ls "$old")" ]] || return 0
  return 1
}

# The [transport-*] sections of a pjsip.conf (transports are not reloadable).
transport_sections() {
  awk '/^\[/ { keep = ($0 ~ /^\[transport-/) } keep' "$1"
}
