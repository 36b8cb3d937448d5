#!/bin/sh
# Installs the Debian 12 packages mailscope needs to build, test and benchmark.
# Idempotent: does nothing when every package is already present.
set -eu
pkgs="build-essential cmake pkg-config git ca-certificates zstd python3 time man-db faketime
  libcli11-dev libgmime-3.0-dev libpst-dev pst-utils libxapian-dev xapian-tools
  libsqlite3-dev sqlite3 libzstd-dev libssl-dev libicu-dev libxml2-dev
  nlohmann-json3-dev doctest-dev libtomlplusplus-dev libhyperscan-dev
  libhpdf-dev fonts-wqy-zenhei poppler-utils"
# Packaging: cpack -G DEB runs dpkg-shlibdeps (dpkg-dev); the package's postinst runs
# addgroup, and tests/cli/test_multiuser.py makes OS users (passwd) and runs as them.
pkgs="$pkgs dpkg-dev adduser passwd procps"
# Tests only: tests/cli/test_report_html.py renders the HTML reports in headless Chromium
# (and skips that part without it).
pkgs="$pkgs chromium"
# Peers run side by side in bench/ (not needed to build or test).
if [ "${1:-}" = "--bench" ]; then pkgs="$pkgs notmuch maildir-utils ripgrep"; fi
# `make fuzz`: clang with libFuzzer (the sanitizer build uses the default compiler).
if [ "${1:-}" = "--fuzz" ]; then pkgs="$pkgs clang-14 libclang-rt-14-dev"; fi

missing=""
for p in $pkgs; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
  echo "install-deps: missing packages:$missing" >&2
  echo "install-deps: run as root (or: sudo apt-get install$missing)" >&2
  exit 2
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# shellcheck disable=SC2086
apt-get install -y -qq --no-install-recommends $missing >/dev/null
