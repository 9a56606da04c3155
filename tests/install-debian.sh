#!/bin/sh
# The Debian packages the tests need: chromium (Playwright drives it and never downloads
# one) and git (the `diff` tests make a repository). Installs only what is missing.
set -e
need=""
[ -x /usr/bin/chromium ] || need="$need chromium"
command -v git >/dev/null 2>&1 || need="$need git"
if [ -z "$need" ]; then
    exit 0
fi
if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
$SUDO apt-get update -qq
# shellcheck disable=SC2086
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq $need >/dev/null
/usr/bin/chromium --version
git --version
