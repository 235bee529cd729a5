#!/bin/sh
# Installs the Debian packages MigLab's tests need, when they are missing:
#   chromium        headless browser for the end-to-end tests (playwright-core drives it)
# Runs apt-get only when something is missing and we are root; otherwise says what to install.
set -eu
need=""
command -v chromium >/dev/null 2>&1 || need="$need chromium"
[ -z "$need" ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "installing Debian packages:$need"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  # shellcheck disable=SC2086
  apt-get install -y -qq --no-install-recommends $need
else
  echo "missing system packages:$need" >&2
  echo "install them first, e.g.: sudo apt-get install -y$need" >&2
  exit 1
fi
