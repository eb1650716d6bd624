#!/usr/bin/env bash
# Runs a command with Node.js 24 first on PATH. n8n 2.x and the n8n-workflow version the tests use
# need Node 24; when the machine has an older Node, a pinned Node 24 is installed once from the npm
# registry (package `node`) into ~/.cache/n8n-nodes-ragflow and reused afterwards.
set -euo pipefail
NODE24_VERSION="${NODE24_VERSION:-24.21.0}"
if node -v 2>/dev/null | grep -q '^v24\.'; then
	exec "$@"
fi
dir="${XDG_CACHE_HOME:-$HOME/.cache}/n8n-nodes-ragflow/node-$NODE24_VERSION"
if [ ! -x "$dir/node_modules/.bin/node" ]; then
	echo "Installing Node.js $NODE24_VERSION into $dir (first run only)..." >&2
	mkdir -p "$dir"
	npm install --prefix "$dir" --no-audit --no-fund --no-save "node@$NODE24_VERSION" >&2
fi
export PATH="$dir/node_modules/.bin:$PATH"
exec "$@"
