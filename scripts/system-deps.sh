#!/usr/bin/env bash
# System packages Khlang's tests and reports use: Chromium (headless browser tests, PDF),
# Thai fonts, the PostgreSQL and MariaDB clients, OpenLDAP (slapd for the directory sign-in tests, the
# libldap/libsasl headers python-ldap builds against), openssl and Java 17 (PySpark's JVM: the Spark engine
# and the tests' standalone cluster). Installs only what is missing; needs root.
set -euo pipefail
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
fc-list 2>/dev/null | grep -qi "loma\|garuda\|noto sans thai" || need+=(fonts-thai-tlwg fonts-noto-core fontconfig)
command -v pg_dump >/dev/null 2>&1 || need+=(postgresql-client)
command -v mariadb-dump >/dev/null 2>&1 || need+=(mariadb-client)
command -v pdftotext >/dev/null 2>&1 || need+=(poppler-utils)
[ -x /usr/sbin/slapd ] || need+=(slapd)
command -v ldapsearch >/dev/null 2>&1 || need+=(ldap-utils)
[ -f /usr/include/ldap.h ] || need+=(libldap2-dev)
[ -f /usr/include/sasl/sasl.h ] || need+=(libsasl2-dev)
command -v openssl >/dev/null 2>&1 || need+=(openssl)
java -version 2>&1 | grep -q 'version "\(1[7-9]\|2[0-9]\)' || need+=(openjdk-17-jre-headless)
command -v cc >/dev/null 2>&1 || need+=(gcc)  # python-ldap is built from source
python3 -c 'import os, sys, sysconfig; sys.exit(not os.path.exists(sysconfig.get_paths()["include"] + "/Python.h"))' \
  2>/dev/null || need+=(python3-dev)
if ((${#need[@]})); then
  if [ "$(id -u)" != 0 ]; then
    echo "khlang: missing system packages: ${need[*]} (run: sudo apt-get install -y ${need[*]})" >&2
    exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  # slapd must not create and start a system directory of its own: the tests run their own in a temp folder
  echo "slapd slapd/no_configuration boolean true" | debconf-set-selections
  apt-get update -qq
  apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
