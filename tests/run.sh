#!/usr/bin/env bash
# Runs every test of the solution on a fresh machine of our kind (Debian, .NET 10 SDK).
# It first installs what such a machine may lack: the PostgreSQL server binaries (the tests start
# private clusters from them), Chromium and fonts for Korean, Chinese and Lao (the browser tests),
# SpamAssassin (the shipped campaigns' mail is scored with its packaged rules, no network tests, no
# sa-update), Dovecot's IMAP server (the IMAP tests start a private one), dnsmasq (the dkim
# verb's --check asks a private one) and PgBouncer (the many-processes test runs once more behind a private one).
# Nothing needs starting by hand.
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null || missing+=(postgresql)
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
# Chromium brings no Korean, Chinese or Lao fonts: without them the browser tests see boxes.
dpkg -s fonts-noto-cjk >/dev/null 2>&1 || missing+=(fonts-noto-cjk)
dpkg -s fonts-lao >/dev/null 2>&1 || missing+=(fonts-lao)
command -v spamassassin >/dev/null 2>&1 || missing+=(spamassassin)
dpkg -s dovecot-imapd >/dev/null 2>&1 || missing+=(dovecot-imapd)
dpkg -s dnsmasq-base >/dev/null 2>&1 || missing+=(dnsmasq-base)
command -v pgbouncer >/dev/null 2>&1 || [ -x /usr/sbin/pgbouncer ] || missing+=(pgbouncer)
if [ ${#missing[@]} -gt 0 ]; then
  echo "tests/run.sh: installing ${missing[*]} (Debian packages)"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -q
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

log=$(mktemp)
trap 'rm -f "$log"' EXIT
set +e
dotnet test Campaign.sln "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e

# One closing line for the whole solution, summed over the test projects.
awk '/(Passed|Failed)!  - Failed:/ {
       gsub(",", ""); for (i = 1; i <= NF; i++) { if ($i == "Failed:") f += $(i+1); if ($i == "Passed:") p += $(i+1); if ($i == "Skipped:") s += $(i+1) } }
     END { printf "%d passed, %d failed, %d skipped\n", p, f, s }' "$log"
exit "$status"
