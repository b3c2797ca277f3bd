#!/usr/bin/env bash
# Usage: tests/Campaign.Benchmarks/service/confirmations.sh <rev> <n>. A fresh clone at <rev>, embedded mode: N supporters sign through a web-only
# process, then a `--role all` process is started on their N queued confirmations; prints its start-up time
# and how fast it sent them (cold), then signs N more while it runs and times those (warm).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd); repo=$(git -C "$here" rev-parse --show-toplevel)
rev=$1; n=$2; dir=/tmp/measure-$rev; key=measure-admin-key-0123456789abcdef
rm -rf $dir && git clone -q "$repo" $dir && cd $dir && git checkout -q $rev
dotnet build -c Release src/Campaign.Service -v q -nologo 2>&1 | grep -E " error " || true
# Older revisions ignore the keys they do not know.
unlimited="--RateLimits:Confirming:Burst=1000000 --RateLimits:Confirming:Sustained=1000000 --RateLimits:Confirming:NetworkBurst=1000000 --RateLimits:Confirming:NetworkSustained=1000000 --RateLimits:Shedding:ConcurrentSignings=1000000 --Abuse:Challenge:ClientPerHour=0 --Abuse:Challenge:NetworkPerHour=0 --Abuse:Challenge:CampaignPerMinute=0"
run() { dotnet src/Campaign.Service/bin/Release/net10.0/Campaign.Service.dll --role $1 --Admin:ApiKey=$key --urls=http://127.0.0.1:5099 --RateLimits:SignaturesPerMinutePerClient=1000000 $unlimited --Logging:LogLevel:Default=Warning > /tmp/measure-$rev-$1.log 2>&1 & echo $!; }
wait_alive() { for i in $(seq 1 600); do curl -s -o /dev/null -w "%{http_code}" http://127.0.0.1:5099/alive 2>/dev/null | grep -q 200 && return 0; sleep 0.1; done; return 1; }
stats() { curl -s -H "Authorization: Bearer $key" http://127.0.0.1:5099/api/admin/stats | python3 -c "import json,sys; d=[s for s in json.load(sys.stdin) if s['slug']=='$3']; print(d[0]['messages'].get('$4',0) if d else 0)"; }
slug=$(ls campaigns/*.yaml | head -1 | xargs basename | sed 's/.yaml//'); slug=${SLUG:-$slug}
pid=$(run web); wait_alive
python3 - "$n" "$slug" <<'PY'
import json, sys, threading, urllib.request
n, slug = int(sys.argv[1]), sys.argv[2]
def w(k):
    for i in range(k, n, 16):
        b = json.dumps({"name": "Load Test", "email": f"cold-{i}@load.example", "country": "KR", "consent": True}).encode()
        urllib.request.urlopen(urllib.request.Request(f"http://127.0.0.1:5099/api/campaigns/{slug}/signatures", data=b, headers={"Content-Type": "application/json"})).read()
ts=[threading.Thread(target=w,args=(k,)) for k in range(16)]; [t.start() for t in ts]; [t.join() for t in ts]
PY
kill $pid; wait $pid 2>/dev/null || true; sleep 1
t0=$(date +%s.%N); pid=$(run all); wait_alive; t1=$(date +%s.%N)
first=""; while true; do s=$(curl -s -H "Authorization: Bearer $key" http://127.0.0.1:5099/api/admin/stats | python3 -c "import json,sys; print(sum(x['messages'].get('sent',0) for x in json.load(sys.stdin)))"); now=$(date +%s.%N); [ -z "$first" ] && [ "$s" -gt 0 ] && first=$now; [ "$s" -ge "$n" ] && break; sleep 0.05; done
python3 -c "t0,t1,f,e,n=$t0,$t1,$first,$now,$n; print(f'$rev cold: start-up {t1-t0:.1f}s; {n} queued confirmations sent {e-t0:.1f}s after start, {n/(e-f):.0f}/s from first to last')"
python3 "$here/confirmrate.py" http://127.0.0.1:5099 $key $slug $n 16 warm-$rev
kill $pid; wait $pid 2>/dev/null || true
