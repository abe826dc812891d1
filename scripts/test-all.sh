#!/usr/bin/env bash
# Runs every test tier of Forge: typecheck, production build, unit, webview, reliability, end-to-end (real VS Code),
# and the real llama-server tier when it is built (docs/testing.md).
# Usage: npm test   (or: bash scripts/test-all.sh)
# Prerequisites beyond npm (Debian chromium, the packages that build code-server's native modules)
# are installed here when missing and running as root; otherwise it stops with the command to run.
set -uo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES=(chromium build-essential python3 pkg-config libkrb5-dev bubblewrap ripgrep tmux)

missing_packages() {
  local missing=()
  [ -x /usr/bin/chromium ] || missing+=(chromium)
  { command -v make >/dev/null && command -v g++ >/dev/null; } || missing+=(build-essential)
  command -v python3 >/dev/null || missing+=(python3)
  command -v pkg-config >/dev/null || missing+=(pkg-config)
  [ -f /usr/include/gssapi/gssapi.h ] || [ -f /usr/include/gssapi.h ] || missing+=(libkrb5-dev)
  command -v bwrap >/dev/null || missing+=(bubblewrap)
  command -v rg >/dev/null || missing+=(ripgrep)
  command -v tmux >/dev/null || missing+=(tmux)
  echo "${missing[@]}"
}

echo "== prerequisites"
missing="$(missing_packages)"
if [ -n "$missing" ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "installing: $missing"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq && apt-get install -y -qq --no-install-recommends $missing >/dev/null || {
      echo "apt-get install failed. Run: apt-get update && apt-get install -y --no-install-recommends $missing" >&2
      exit 1
    }
  else
    echo "Missing system packages: $missing" >&2
    echo "Run: sudo apt-get update && sudo apt-get install -y --no-install-recommends $missing" >&2
    exit 1
  fi
fi
echo "ok: chromium, build-essential, python3, pkg-config, libkrb5-dev, bubblewrap, ripgrep, tmux"
[ -d node_modules ] || { echo "node_modules is missing. Run: npm ci" >&2; exit 1; }

COUNTS="$(mktemp)"
FIGURES="$(mktemp)"
trap 'rm -f "$COUNTS" "$FIGURES"' EXIT
export FORGE_TEST_COUNTS="$COUNTS"
export FORGE_TEST_FIGURES="$FIGURES"
REPORTER=scripts/mochaCountingReporter.cjs
failed_tiers=()
started=$SECONDS

tier() { # tier <name> <command...>
  local name="$1"; shift
  local t0=$SECONDS
  echo
  echo "== $name"
  if FORGE_TEST_TIER="$name" "$@"; then
    echo "-- $name: ok ($((SECONDS - t0)) s)"
  else
    echo "-- $name: FAILED ($((SECONDS - t0)) s)"
    failed_tiers+=("$name")
  fi
}

has_tests() { # has_tests <dir> <suffix>
  [ -d "$1" ] && [ -n "$(find "$1" -name "*$2" -not -path '*/node_modules/*' -print -quit)" ]
}

tier typecheck npx tsc --noEmit -p .
tier build node esbuild.config.mjs --production
# The e2e tier packages this build instead of building again.
[[ " ${failed_tiers[*]} " == *" build "* ]] || export FORGE_E2E_BUILT=1
tier unit npx mocha --reporter "$REPORTER"
if has_tests test/webview .test.ts; then
  tier webview npx mocha --config test/webview/.mocharc.json --reporter "$REPORTER" 'test/webview/**/*.test.ts'
else
  echo; echo "== webview: no tests in test/webview yet"
fi
# Faults, bad input and load (docs/reliability.md); prints its figures at the end.
tier reliability npx mocha --config test/reliability/.mocharc.json --reporter "$REPORTER"
tier e2e npx mocha --config test/e2e/.mocharc.json --reporter "$REPORTER" 'test/e2e/**/*.e2e.ts'
# The real-server tier needs llama-server, built once per machine (scripts/llama-server.sh build, ~30 min).
if bash scripts/llama-server.sh path >/dev/null 2>&1; then
  tier realServer npx mocha --config test/realServer/.mocharc.json --reporter "$REPORTER"
else
  echo; echo "== realServer: SKIPPED (llama-server is not built; run scripts/llama-server.sh build, see docs/testing.md)"
fi

# The peer-agent tier runs the real Claude Code and Gemini CLI (scripts/peer-agents.sh install, ~350 MB from npm).
if bash scripts/peer-agents.sh path >/dev/null 2>&1; then
  tier peerAgents npx mocha --config test/peerAgents/.mocharc.json --reporter "$REPORTER"
else
  echo; echo "== peerAgents: SKIPPED (Claude Code and Gemini CLI are not installed; run scripts/peer-agents.sh install, see docs/companion.md)"
fi

echo
echo "== summary ($((SECONDS - started)) s)"
[ -s "$FIGURES" ] && sed 's/^/  /' "$FIGURES"
# Per tier, then the failed tiers, then ONE last line: "N passed, N failed" over the mocha tiers.
# A mocha tier that failed without reaching the end of its run counts as one failure.
node -e '
  const [file, failedList] = process.argv.slice(1);
  const failed = failedList ? failedList.split(" ") : [];
  const lines = require("fs").readFileSync(file, "utf8").split("\n").filter(Boolean).map((l) => JSON.parse(l));
  for (const t of failed) if (["unit", "webview", "reliability", "e2e", "realServer", "peerAgents"].includes(t) && !lines.some((c) => c.tier === t)) lines.push({ tier: t, passes: 0, failures: 1, pending: 0, crashed: true });
  for (const c of lines) console.log(`  ${c.tier}: ${c.passes} passed, ${c.failures} failed${c.pending ? `, ${c.pending} pending` : ""}${c.crashed ? " (did not run to the end)" : ""}`);
  for (const c of lines) for (const f of c.failed || []) console.log(`    FAILED ${c.tier}: ${f}`);
  if (failed.length) console.log(`FAILED tiers: ${failed.join(", ")}`);
  const sum = (k) => lines.reduce((n, c) => n + c[k], 0);
  console.log(`${sum("passes")} passed, ${sum("failures")} failed`);
' "$COUNTS" "${failed_tiers[*]}"
[ ${#failed_tiers[@]} -eq 0 ]
