#!/usr/bin/env bash
# Make sure the browser-test tools are present: Debian's Chromium (driven by
# Playwright through `executable_path`; Playwright's own browser download does
# not work here) and npm (installs the pinned axe-core).
set -euo pipefail
missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v npm >/dev/null 2>&1 || missing+=(nodejs npm)
# A CJK font: without one every Chinese character renders as a box.
fc-list 2>/dev/null | grep -qi "wenquanyi\|noto sans cjk" || missing+=(fonts-wqy-microhei)
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" != 0 ]; then
  echo "缺少 ${missing[*]}：请运行 sudo apt-get install ${missing[*]}" >&2
  exit 1
fi
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
