#!/usr/bin/env bash
# Debian's Chromium drives the e2e suite (`npx playwright install` cannot work here).
# Installs it with apt when missing and running as root. Sourced by scripts/test.sh.
export CHROMIUM_PATH="${CHROMIUM_PATH:-/usr/bin/chromium}"
if [ ! -x "$CHROMIUM_PATH" ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "== installing Debian's Chromium (apt)"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq && apt-get install -y -qq chromium >/dev/null
  else
    echo "!! $CHROMIUM_PATH is missing; install Debian's chromium (sudo apt-get install chromium) or set CHROMIUM_PATH"
  fi
fi
