#!/usr/bin/env bash
# Builds Forge and opens it in VS Code with a sample workspace (npm start).
#  - desktop VS Code when `code` is on PATH: an Extension Development Host on a scratch copy;
#  - otherwise code-server 4.100.3 (installed once into .cache/code-server/) on 127.0.0.1 with
#    the freshly packaged VSIX; it prints the URL to open and runs until Ctrl+C.
# Optional argument: the folder to open (default: a scratch copy of test/fixtures/sample-workspace).
set -euo pipefail
cd "$(dirname "$0")/.."

[ -d node_modules ] || npm ci --no-audit --no-fund

folder="${1:-}"
if command -v code >/dev/null 2>&1 && [ -z "${FORGE_USE_CODE_SERVER:-}" ]; then
  if [ -z "$folder" ]; then
    folder="$(mktemp -d "${TMPDIR:-/tmp}/forge-sample-XXXXXX")"
    cp -R test/fixtures/sample-workspace/. "$folder"
  fi
  echo "Building Forge..."
  node esbuild.config.mjs --production
  echo "Opening $folder in VS Code with Forge (Extension Development Host)..."
  exec code --extensionDevelopmentPath="$PWD" "$folder"
fi

# code-server needs these to build its native modules on first install (and chromium is not needed here).
need=()
{ command -v make >/dev/null && command -v g++ >/dev/null; } || need+=(build-essential)
command -v python3 >/dev/null || need+=(python3)
command -v pkg-config >/dev/null || need+=(pkg-config)
[ -f /usr/include/gssapi/gssapi.h ] || [ -f /usr/include/gssapi.h ] || need+=(libkrb5-dev)
if [ ${#need[@]} -gt 0 ] && [ ! -f .cache/code-server/.install-complete ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    DEBIAN_FRONTEND=noninteractive apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
  else
    echo "code-server must be built once and needs: ${need[*]}" >&2
    echo "Run: sudo apt-get update && sudo apt-get install -y --no-install-recommends ${need[*]}" >&2
    exit 1
  fi
fi
# Builds and packages Forge, starts code-server with it, prints the URL; Ctrl+C stops everything.
exec node --require tsx/cjs test/e2e/harness/cli.ts serve ${folder:+"$folder"}
