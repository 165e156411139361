#!/usr/bin/env bash
# Make sure Debian's Chromium is present for the browser tests.
# Playwright's own browser download does not work here; we drive
# /usr/bin/chromium through Playwright's `executable_path`.
set -euo pipefail
if command -v chromium >/dev/null 2>&1; then
  exit 0
fi
if [ "$(id -u)" != 0 ]; then
  echo "chromium 未安装：请运行 sudo apt-get install chromium" >&2
  exit 1
fi
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
