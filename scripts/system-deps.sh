#!/usr/bin/env bash
# System packages Khlang's tests and reports use: Chromium (headless browser tests, PDF),
# Thai fonts, and the PostgreSQL and MariaDB clients. Installs only what is missing; needs root for apt.
set -euo pipefail
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
fc-list 2>/dev/null | grep -qi "loma\|garuda\|noto sans thai" || need+=(fonts-thai-tlwg fonts-noto-core fontconfig)
command -v pg_dump >/dev/null 2>&1 || need+=(postgresql-client)
command -v mariadb-dump >/dev/null 2>&1 || need+=(mariadb-client)
command -v pdftotext >/dev/null 2>&1 || need+=(poppler-utils)
if ((${#need[@]})); then
  if [ "$(id -u)" != 0 ]; then
    echo "khlang: missing system packages: ${need[*]} (run: sudo apt-get install -y ${need[*]})" >&2
    exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
