# scripts/env.sh — environment quirks of this toolchain (TOOLCHAIN.md), sourced by the scripts.
# emcc at -O1+ needs Debian's acorn; the machine's node is not Debian's.
export NODE_PATH=/usr/share/nodejs
# Debian's emscripten config names a closure binary that is not installed: use npm's.
CW_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
export EM_CLOSURE_COMPILER="$CW_ROOT/node_modules/.bin/google-closure-compiler"
# Emscripten 3.1.6 glue prefers fetch() for file paths under node 20; turn it off.
export CW_NODE="node --no-experimental-fetch"
export CW_ROOT
