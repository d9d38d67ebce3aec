#!/usr/bin/env bash
# Installs what the project needs on a Debian machine, and only what is missing:
#   Debian packages  mmdebstrap (Asterisk root), sip-tester (SIPp), baresip-core,
#                    espeak-ng + sox (prompts), zstd (root cache), gettext-base (envsubst),
#                    redis-server/redis-tools, iproute2 (ss), util-linux (flock, setsid),
#                    chromium + fonts-wqy-zenhei (the consoles' browser tests, Chinese glyphs)
#   node_modules     npm ci (npm install as a fallback), when missing or older than package-lock.json
#   the consoles     npm run build:web (web/ → dist/web), when missing or older than web/
# A fast no-op when everything is there. Safe to run again and again.
set -euo pipefail

REPO_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
PACKAGES=(mmdebstrap sip-tester baresip-core espeak-ng sox zstd gettext-base redis-server redis-tools iproute2 util-linux gcc libc6-dev chromium fonts-wqy-zenhei)

log() { printf '[setup] %s\n' "$*"; }

installed() {
  [[ $(dpkg-query -W -f='${Status}' "$1" 2>/dev/null || true) == "install ok installed" ]]
}

missing=()
for p in "${PACKAGES[@]}"; do
  installed "$p" || missing+=("$p")
done
if ((${#missing[@]} == 0)); then
  log "debian packages: all ${#PACKAGES[@]} present"
else
  SUDO=()
  [[ $(id -u) -eq 0 ]] || SUDO=(sudo)
  log "debian packages: installing ${missing[*]}"
  "${SUDO[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${SUDO[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
  log "debian packages: installed ${missing[*]}"
fi

# npm ci, or npm install at the locked versions when npm ci refuses the lock file (npm 11
# leaves some platform-specific optional packages of msgpackr out of the lock and then
# rejects it as out of sync).
install_node_modules() {
  if ! npm ci --no-audit --no-fund; then
    log "node_modules: npm ci refused the lock file; installing the locked versions with npm install"
    npm install --no-audit --no-fund
  fi
}

cd "$REPO_DIR"
if [[ ! -f package-lock.json ]]; then
  log "node_modules: no package-lock.json, skipping npm ci"
elif [[ ! -d node_modules ]]; then
  log "node_modules: missing; running npm ci"
  install_node_modules
  touch node_modules
  log "node_modules: installed"
elif [[ package-lock.json -nt node_modules ]]; then
  log "node_modules: older than package-lock.json; running npm ci"
  install_node_modules
  touch node_modules
  log "node_modules: installed"
else
  log "node_modules: up to date"
fi

# The browser consoles' bundle (Preact + esbuild, all from node_modules): built when missing or
# when anything under web/ (or the lock file) is newer than it.
WEB_BUNDLE="${CONSOLE_WEB_DIR:-dist/web}/console.js"
if [[ ! -f $WEB_BUNDLE ]] || [[ -n $(find web package-lock.json -newer "$WEB_BUNDLE" -print -quit) ]]; then
  log "consoles: building the web bundle"
  npm run --silent build:web
else
  log "consoles: web bundle up to date"
fi
