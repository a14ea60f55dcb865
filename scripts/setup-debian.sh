#!/usr/bin/env bash
# Installs everything h2pool needs to build, test and benchmark on Debian 12.
# Idempotent: packages already present are left alone.
set -euo pipefail

packages=(
  # build
  meson ninja-build g++ clang pkg-config zlib1g-dev
  # unit tests
  libcmocka-dev
  # reference library for differential tests and benchmarks (never linked
  # into the product; loaded with dlopen)
  libnghttp2-14 libnghttp2-dev
  # interop: real nghttp2 programs and curl, TLS certificates made at test time
  nghttp2-client nghttp2-server nghttp2-proxy curl openssl python3
  # Apache with mod_http2 / mod_proxy_http2, run privately by the interop tests
  apache2
  # leak and memory-error checks (suite memcheck)
  valgrind
  # install-layout and packaging tests
  dpkg-dev
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if ((${#missing[@]})); then
  SUDO=; [ "$(id -u)" -eq 0 ] || SUDO=sudo
  $SUDO apt-get update -qq
  # Packages such as apache2 and nghttp2-server would start system services on
  # installation; the tests run their own private instances instead, so
  # service starts are refused for the duration of the install.
  policy=/usr/sbin/policy-rc.d
  own_policy=
  if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\nexit 101\n' | $SUDO tee "$policy" >/dev/null
    $SUDO chmod +x "$policy"
    own_policy=1
  fi
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
  if [ -n "$own_policy" ]; then $SUDO rm -f "$policy"; fi
fi
