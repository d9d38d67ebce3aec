# shellcheck shell=bash
# Generated secrets of the local stack: .stack/secrets.env (mode 0600), created on first
# run, kept afterwards. Never committed, never a default. Sourced by scripts/stack.sh.

SECRET_NAMES=(ARI_PASSWORD AMI_SECRET AGENT_1001_PASSWORD AGENT_1002_PASSWORD HOTLINE_ADMIN_TOKEN)

# 48 hex characters (192 bits): safe in config files, URLs and SIP digest.
generate_secret() {
  od -An -tx1 -N24 /dev/urandom | tr -d ' \n'
}

# Reads KEY=VALUE lines without executing the file.
read_env_file() {
  local file=$1 key value
  while IFS='=' read -r key value; do
    [[ $key =~ ^[A-Z][A-Z0-9_]*$ ]] || continue
    printf -v "$key" '%s' "$value"
    export "${key?}"
  done <"$file"
}

ensure_secrets() {
  local name added=()
  mkdir -p "$HOTLINE_STACK_DIR"
  if [[ ! -e $SECRETS_FILE ]]; then
    (umask 077 && : >"$SECRETS_FILE")
  fi
  chmod 600 "$SECRETS_FILE"
  for name in "${SECRET_NAMES[@]}"; do
    if ! grep -qE "^$name=[0-9a-f]{32,}$" "$SECRETS_FILE"; then
      sed -i "/^$name=/d" "$SECRETS_FILE"
      printf '%s=%s\n' "$name" "$(generate_secret)" >>"$SECRETS_FILE"
      added+=("$name")
    fi
  done
  if ((${#added[@]})); then
    log "secrets: generated ${added[*]} in $SECRETS_FILE (mode 0600)"
  else
    log "secrets: kept $SECRETS_FILE (mode 0600)"
  fi
  read_env_file "$SECRETS_FILE"
}
