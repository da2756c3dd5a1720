#!/usr/bin/env bash
# Install hadcoord for production into a virtualenv from the lock: the exact versions of
# requirements.lock, each file's sha256 checked by pip (hash-checking mode), nothing else.
# Usage (from anywhere): deploy/install.sh [VENV]   — default /srv/hadcoord/.venv; PYTHON=python3.
set -euo pipefail
top="$(cd "$(dirname "$0")/.." && pwd)"
venv="${1:-/srv/hadcoord/.venv}"
python="${PYTHON:-python3}"
"$python" -m venv "$venv"
"$venv/bin/pip" install --quiet --upgrade pip setuptools
"$venv/bin/pip" install --quiet --require-hashes -r "$top/requirements.lock"
"$venv/bin/pip" install --quiet --no-deps "$top"
"$venv/bin/pip" check
"$venv/bin/hadcoord" --help >/dev/null
echo "hadcoord installé dans $venv (versions figées de requirements.lock)"
