#!/usr/bin/env bash
# llama.cpp's llama-server and the tiny random model for the real-server test tier
# (notes: docs/testing.md). Everything is cached outside the clone, keyed on version and flags:
#   ${FORGE_CACHE_DIR:-$HOME/.cache/forge}/llama-server/<version>-<flagshash>/
#     bin/llama-server (+ its libraries)   models/ggml-vocab-qwen2.gguf, models/<template>.jinja   tiny-<hash>.gguf
#
# Usage: scripts/llama-server.sh build   build (about 30 min on 2 cores) or reuse; prints the bin folder
#        scripts/llama-server.sh model   write the tiny model if missing (needs build); prints its path
#        scripts/llama-server.sh path    print the bin folder when llama-server is built, else exit 1
#        scripts/llama-server.sh dir     print the cache folder
# Source: the llama.cpp git bundle inside the npm package node-llama-cpp (pinned below); needs cmake, g++, git.
set -euo pipefail
cd "$(dirname "$0")/.."

PACKAGE=node-llama-cpp@3.21.1
FLAGS="-DCMAKE_BUILD_TYPE=Release -DGGML_NATIVE=OFF -DLLAMA_CURL=OFF -DLLAMA_OPENSSL=OFF -DLLAMA_BUILD_TESTS=OFF -DLLAMA_BUILD_EXAMPLES=OFF"
CACHE_ROOT="${FORGE_CACHE_DIR:-$HOME/.cache/forge}"
FLAGS_HASH="$(printf '%s' "$FLAGS" | sha256sum | cut -c1-10)"
DIR="$CACHE_ROOT/llama-server/${PACKAGE#node-llama-cpp@}-$FLAGS_HASH"
BIN="$DIR/bin"
TEMPLATE=Qwen-Qwen2.5-7B-Instruct.jinja
# A finished build of the same source and flags to adopt instead of building again (a clone with build/bin).
PREBUILT="${FORGE_LLAMA_PREBUILT:-$CACHE_ROOT/llama-build/llama.cpp}"

built() { [ -x "$BIN/llama-server" ] && [ -f "$DIR/models/ggml-vocab-qwen2.gguf" ] && [ -f "$DIR/models/$TEMPLATE" ]; }

keep() { # keep <llama.cpp clone>: copy build/bin and the two model files into the cache
  local src="$1" tmp="$DIR.tmp.$$"
  rm -rf "$tmp" && mkdir -p "$tmp/models"
  cp -a "$src/build/bin" "$tmp/bin"
  cp "$src/models/ggml-vocab-qwen2.gguf" "$tmp/models/"
  cp "$src/models/templates/$TEMPLATE" "$tmp/models/"
  rm -rf "$DIR" && mv "$tmp" "$DIR"
}

prebuilt_ok() { # a finished build (its log, if any, ends with EXIT 0) whose binary runs
  [ -x "$PREBUILT/build/bin/llama-server" ] || return 1
  local log; log="$(dirname "$PREBUILT")/build.log"
  if [ -f "$log" ] && ! tail -n 1 "$log" | grep -q 'EXIT 0'; then return 1; fi
  LD_LIBRARY_PATH="$PREBUILT/build/bin" "$PREBUILT/build/bin/llama-server" --version >/dev/null 2>&1
}

build() {
  if built; then echo "$BIN"; return; fi
  if prebuilt_ok; then
    echo "adopting the finished build in $PREBUILT" >&2
    keep "$PREBUILT"
    echo "$BIN"; return
  fi
  for tool in cmake g++ git npm; do
    command -v "$tool" >/dev/null || { echo "llama-server.sh: $tool is missing (Debian: apt-get install -y cmake g++ git)" >&2; exit 1; }
  done
  local work; work="$(mktemp -d "${TMPDIR:-/tmp}/forge-llama-build.XXXXXX")"
  trap 'rm -rf "$work"' EXIT
  echo "building llama-server from $PACKAGE in $work (about 30 minutes on 2 cores)" >&2
  (cd "$work" && npm pack --silent "$PACKAGE" >/dev/null && tar xzf node-llama-cpp-*.tgz package/llama/gitRelease.bundle)
  git clone -q "$work/package/llama/gitRelease.bundle" "$work/llama.cpp"
  # shellcheck disable=SC2086
  cmake -S "$work/llama.cpp" -B "$work/llama.cpp/build" $FLAGS >"$work/cmake.log" 2>&1 || { tail -20 "$work/cmake.log" >&2; exit 1; }
  cmake --build "$work/llama.cpp/build" --target llama-server -j"$(nproc)" >>"$work/cmake.log" 2>&1 || { tail -40 "$work/cmake.log" >&2; exit 1; }
  keep "$work/llama.cpp"
  echo "$BIN"
}

model() {
  built || { echo "llama-server.sh: llama-server is not built; run: scripts/llama-server.sh build" >&2; exit 1; }
  # Keyed on the writer's source, so a change to the model rewrites it.
  local hash; hash="$(cat test/realServer/support/tinyModel.ts test/realServer/support/gguf.ts | sha256sum | cut -c1-10)"
  local out="$DIR/tiny-$hash.gguf"
  if [ ! -f "$out" ]; then
    npx tsx test/realServer/support/tinyModel.ts "$DIR/models/ggml-vocab-qwen2.gguf" "$DIR/models/$TEMPLATE" "$out" >&2
  fi
  echo "$out"
}

case "${1:-}" in
  build) build ;;
  model) model ;;
  path) built && echo "$BIN" ;;
  dir) echo "$DIR" ;;
  *) sed -n '2,12p' "$0" >&2; exit 2 ;;
esac
