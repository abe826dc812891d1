#!/usr/bin/env bash
# The real Claude Code and Gemini CLI, at pinned versions, for the peer-agent test tier (docs/companion.md).
# Installed once per machine outside the clone, keyed on version:
#   ${FORGE_CACHE_DIR:-$HOME/.cache/forge}/peer-agents/<package>-<version>/node_modules/.bin/<bin>
# Usage: scripts/peer-agents.sh install   install what is missing (npm registry; ~350 MB); prints the bin paths
#        scripts/peer-agents.sh path      print both bin paths when installed, else exit 1
set -euo pipefail
CACHE_ROOT="${FORGE_CACHE_DIR:-$HOME/.cache/forge}/peer-agents"
AGENTS=("@anthropic-ai/claude-code@2.1.332 claude" "@google/gemini-cli@0.61.0 gemini")

dir_of() { local spec="$1"; local name="${spec%@*}"; echo "$CACHE_ROOT/${name##*/}-${spec##*@}"; }
bin_of() { echo "$(dir_of "$1")/node_modules/.bin/$2"; }
works() { [ -x "$1" ] && timeout 60 "$1" --version >/dev/null 2>&1; }

case "${1:-}" in
  install)
    for a in "${AGENTS[@]}"; do
      set -- $a
      if ! works "$(bin_of "$1" "$2")"; then
        d="$(dir_of "$1")"; rm -rf "$d.tmp" && mkdir -p "$d.tmp"
        echo "installing $1 into $d" >&2
        npm install --prefix "$d.tmp" --no-audit --no-fund --loglevel=error "$1" >&2
        rm -rf "$d" && mv "$d.tmp" "$d" # npm's .bin links are relative: the move keeps them working
      fi
      works "$(bin_of "$1" "$2")" || { echo "$1 does not run after install" >&2; exit 1; }
      bin_of "$1" "$2"
    done
    ;;
  path)
    for a in "${AGENTS[@]}"; do set -- $a; works "$(bin_of "$1" "$2")" || exit 1; bin_of "$1" "$2"; done
    ;;
  *) sed -n '2,7p' "$0"; exit 2 ;;
esac
