#!/usr/bin/env python3
"""Signs N supporters through a running service's API (C threads), then polls the admin stats until all their
confirmations are sent. Prints signing rate and confirmations sent per second (first send to last)."""
import json, sys, threading, time, urllib.request
base, key, slug, n, c, tag = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5]), sys.argv[6]
def stats():
    r = urllib.request.Request(base + "/api/admin/stats", headers={"Authorization": "Bearer " + key})
    for s in json.load(urllib.request.urlopen(r)):
        if s["slug"] == slug: return s["messages"].get("sent", 0)
    return 0
before = stats()
def worker(k):
    for i in range(k, n, c):
        body = json.dumps({"name": "Load Test", "email": f"{tag}-{i}@load.example", "country": "KR", "consent": True}).encode()
        req = urllib.request.Request(base + f"/api/campaigns/{slug}/signatures", data=body, headers={"Content-Type": "application/json"})
        urllib.request.urlopen(req).read()
t0 = time.time()
ts = [threading.Thread(target=worker, args=(k,)) for k in range(c)]
[t.start() for t in ts]; [t.join() for t in ts]
t1 = time.time()
first = None
while True:
    sent = stats() - before
    now = time.time()
    if sent > 0 and first is None: first = now
    if sent >= n: break
    if now - t1 > 300: break
    time.sleep(0.05)
print(f"{tag}: signed {n} in {t1-t0:.1f}s ({n/(t1-t0):.0f}/s); all {n} confirmations sent {now-t0:.1f}s after the first signature; {sent} sent")
