#!/usr/bin/env bash
# Install the Debian packages hadcoord needs when the machine lacks them (a fresh Debian has
# python3 but not always its venv module, nor npm or chromium). Usage: ensure-system-packages.sh [test]
# Nothing is installed when everything is present; apt-get runs as root or through sudo.
set -euo pipefail
python=${PYTHON:-python3}
missing=()
"$python" -c 'import ensurepip, venv' 2>/dev/null || missing+=(python3-venv)
if [ "${1:-}" = "test" ]; then
  command -v npm >/dev/null 2>&1 || missing+=(npm)          # rebuild test: npm pack
  [ -x /usr/bin/chromium ] || missing+=(chromium)            # browser tests (Playwright)
fi
[ ${#missing[@]} -eq 0 ] && exit 0
echo "Paquets Debian manquants : ${missing[*]} — installation…"
if ! command -v apt-get >/dev/null 2>&1; then
  echo "Erreur : apt-get introuvable ; installez ${missing[*]} avec le gestionnaire de paquets." >&2
  exit 1
fi
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}"
