#!/usr/bin/env bash
# Runs every test: typecheck, lint, unit, integration (real PostgreSQL, PGlite, Redis) and
# e2e (real Asterisk + SIPp calls). Installs what is missing first (scripts/setup.sh).
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh
echo "[test] typecheck"; npx tsc -p tsconfig.json --noEmit
echo "[test] lint"; npx eslint .

mkdir -p test-results
status=0
run_project() {
  echo "[test] $1"
  npx vitest run --project "$1" --reporter=default --reporter=json --outputFile="test-results/$1.json" || status=1
}
run_project unit
# Integration and e2e use the real Asterisk (one per machine on the loopback ports), so runs of
# several checkouts take turns; -o keeps the lock out of the processes started meanwhile.
exec 8>/tmp/hotline12345-e2e.lock
flock 8
# Leave the machine as this run found it: an Asterisk this run starts is stopped at the end
# (with the /proc mount inside the checkout's Asterisk root), so nothing of the run outlives it.
if ! bash scripts/stack.sh running 8>&-; then
  trap 'echo "[test] stopping the Asterisk this run started"; bash scripts/stack.sh down 8>&- || true' EXIT
fi
bash scripts/stack.sh up 8>&-
run_project integration 8>&-
run_project e2e 8>&-
flock -u 8

# One closing line for all three runs: "N passed, N failed".
node -e '
  let passed = 0, failed = 0, skipped = 0;
  for (const p of ["unit", "integration", "e2e"]) {
    try {
      const r = JSON.parse(require("fs").readFileSync(`test-results/${p}.json`, "utf8"));
      passed += r.numPassedTests; failed += r.numFailedTests; skipped += r.numPendingTests + r.numTodoTests;
    } catch { failed += 1; console.log(`[test] no results for ${p}`); }
  }
  console.log(`tests: ${passed} passed, ${failed} failed` + (skipped ? `, ${skipped} skipped` : ""));
'
exit $status
