#!/usr/bin/env bash
# Usage: tests/Campaign.Benchmarks/service/drain.sh [service settings...]
# Where a sending service's CPU goes: signs for 12 s through a --role web process (embedded defaults, data in
# /tmp/campaign-drain), then starts a --role all process with Postfix's smtp-sink on the queued confirmations
# and, from 4 s after it answers, reads /proc for 8 s: messages sent per second and CPU per message of the
# service, PostgreSQL and the sink. Extra arguments go to the service (e.g. --Smtp:MaxConnections=2).
set -euo pipefail
repo=$(cd "$(dirname "$0")/../../.." && pwd); data=/tmp/campaign-drain; site=http://127.0.0.1:5099
dotnet build -c Release "$repo/tests/Campaign.Benchmarks" -v q -nologo >/dev/null
rm -rf $data && mkdir -p $data
run() { dotnet "$repo/src/Campaign.Service/bin/Release/net10.0/Campaign.Service.dll" --urls=$site --App:PublicBaseUrl=$site --Data:Directory=$data \
  --Campaigns:Directory="$repo/campaigns" --Admin:ApiKey=drain-admin-key-0123456789abcdef-0123 \
  --RateLimits:Signing:Burst=1000000000 --RateLimits:Signing:Sustained=1000000000 --RateLimits:Signing:NetworkBurst=1000000000 \
  --RateLimits:Signing:NetworkSustained=1000000000 --RateLimits:Shedding:ConcurrentSignings=1000000 \
  --Abuse:Challenge:ClientPerHour=0 --Abuse:Challenge:NetworkPerHour=0 --Abuse:Challenge:CampaignPerMinute=0 "$@" > $data.log 2>&1 & echo $!; }
stop() { kill "$@"; while kill -0 "$1" 2>/dev/null; do sleep 0.2; done; }
alive() { for _ in $(seq 300); do curl -sf $site/alive >/dev/null && return; sleep 0.2; done; echo "the service did not start: $data.log" >&2; exit 1; }
pid=$(run --role web --Logging:LogLevel:Default=Warning); alive
wrk -t2 -c64 -d12s -s "$repo/tests/Campaign.Benchmarks/sign.lua" $site/api/campaigns/china-stop-forced-returns/signatures -- drain | grep accepted
stop $pid
/usr/sbin/smtp-sink -u nobody 127.0.0.1:2525 1024 & sink=$!
pid=$(run --role all --Smtp:Host=127.0.0.1 --Smtp:Port=2525 --Smtp:Security=None "$@"); alive
port=$(ps -eo args | grep "[p]ostgres -D $data" | grep -o -- "-p [0-9]*" | head -1 | cut -d' ' -f2)
export PGPASSWORD=$(cat $data/postgres-password)
sent() { psql -h 127.0.0.1 -p "$port" -U postgres -d campaign -Atc "select count(*) from messages where status = 'sent'"; }
cpu() { awk '{print $14 + $15}' /proc/$1/stat; }
pgcpu() { for p in $(pgrep -f "postgres: postgres campaign"); do awk '{print $14 + $15}' /proc/$p/stat 2>/dev/null; done | paste -sd+ | bc; }
sleep 4
s0=$(sent); c0=$(cpu $pid); p0=$(pgcpu); k0=$(cpu $sink)
sleep 8
s1=$(sent); c1=$(cpu $pid); p1=$(pgcpu); k1=$(cpu $sink)
n=$((s1 - s0)); tick=$((1000000 / $(getconf CLK_TCK)))
echo "sent $n in 8 s = $((n / 8))/s; CPU per message: service $(( (c1 - c0) * tick / n )) µs, PostgreSQL $(( (p1 - p0) * tick / n )) µs, smtp-sink $(( (k1 - k0) * tick / n )) µs"
stop $pid $sink
