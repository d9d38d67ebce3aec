#!/usr/bin/env bash
# Brings the whole hotline up on this machine: installs what is missing, starts Asterisk (in
# its own root folder, on loopback), Redis, then the hotline app in the foreground.
# Records go to PostgreSQL when DATABASE_URL is set, otherwise to embedded PGlite in data/.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh
bash scripts/stack.sh up

set -a
# shellcheck disable=SC1091
. .stack/hotline.env
set +a
echo "[hotline] records: ${DATABASE_URL:+PostgreSQL (DATABASE_URL)}${DATABASE_URL:-embedded PGlite in ${PGLITE_DIR:-data/pglite}}"
echo "[hotline] HTTP API: http://${HOTLINE_HTTP_HOST:-127.0.0.1}:${HOTLINE_HTTP_PORT:-8080}  (calls: /api/calls, readiness: /readyz)"
# Where the secrets are, never what they are: this output often ends up in a log file.
echo "[hotline] admin token: HOTLINE_ADMIN_TOKEN in .stack/hotline.env (mode 0600); to use it:"
echo "[hotline]   export HOTLINE_ADMIN_TOKEN=\$(sed -n 's/^HOTLINE_ADMIN_TOKEN=//p' .stack/hotline.env)"
echo "[hotline]   curl -H \"authorization: Bearer \$HOTLINE_ADMIN_TOKEN\" http://${HOTLINE_HTTP_HOST:-127.0.0.1}:${HOTLINE_HTTP_PORT:-8080}/api/agents"
echo "[hotline] starting the ARI application; Ctrl-C stops it (Asterisk keeps running: npm run stack down)"
exec node --import tsx src/main.ts
