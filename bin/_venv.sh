# Sourced by bin/demo and bin/test: create .venv and install a requirements file into it,
# and node_modules from package-lock.json, again only when they have changed since.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
requirements="$1"
if [ ! -x .venv/bin/python ]; then
    python3 -m venv .venv
fi
stamp=".venv/.installed-$(basename "$requirements")"
checksum=$(cat requirements*.txt | sha256sum | cut -d' ' -f1)
if [ "$(cat "$stamp" 2>/dev/null)" != "$checksum" ]; then
    .venv/bin/python -m pip install --quiet --upgrade pip
    .venv/bin/python -m pip install --quiet -r "$requirements"
    echo "$checksum" > "$stamp"
fi
# The chart library the dashboard serves comes from npm: install it again when the lock changes.
npm_stamp="node_modules/.installed-package-lock"
npm_checksum=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ "$(cat "$npm_stamp" 2>/dev/null)" != "$npm_checksum" ]; then
    if command -v npm >/dev/null; then
        npm ci --silent --no-audit --no-fund
        echo "$npm_checksum" > "$npm_stamp"
    else
        echo "npm is missing, so the dashboard draws no charts: install Node.js and npm." >&2
    fi
fi
# shellcheck disable=SC1091
source .venv/bin/activate
