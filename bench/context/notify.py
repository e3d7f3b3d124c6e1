#!/usr/bin/env python3
"""Notification delivery latency of the context broker: scripts/bench-context's last figure.

Usage: notify.py AGORA_URL TOKEN OUT_JSON SECONDS RATE SPREAD

Starts an HTTP receiver on a free loopback port, subscribes it to changes of the attribute
"marker" of every Sensor, then for SECONDS sends RATE updates a second (open loop: each at its
planned time, whatever the previous one took) to entities drawn from the first SPREAD Sensors.
Each update carries a sequence number; the latency of one notification is the time from sending
its update to the receiver having the notification in hand. Writes the same JSON as
bench/context/common.lua (p50/p90/p95/p99 over the notifications; errors = updates refused,
notifications missing after a 10 s grace, or duplicates), so report.py reads it as a "latency" figure.
"""

import json
import random
import statistics
import sys
import threading
import time
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

agora, token, out, seconds, rate, spread = sys.argv[1], sys.argv[2], sys.argv[3], float(sys.argv[4]), float(sys.argv[5]), int(sys.argv[6])
sent: dict[int, float] = {}
received: dict[int, float] = {}
duplicates = 0
lock = threading.Lock()


class Receiver(BaseHTTPRequestHandler):
    # Keep-alive, as receivers such as QuantumLeap or Node's http use. The default HTTP/1.0 closes every
    # connection, so each notification opens a new one; on loopback about one in a thousand of those SYNs
    # lands on a port still in TIME_WAIT from an earlier connection and is retransmitted after 1 s (or 3 s).
    # That was the whole ~1 s p99 this figure used to show, the receiver's doing and not Agora's.
    protocol_version = "HTTP/1.1"

    def do_POST(self):
        global duplicates
        now = time.perf_counter()
        body = json.loads(self.rfile.read(int(self.headers.get("Content-Length") or 0)))
        with lock:
            for entity in body.get("data", []):
                marker = entity.get("marker")
                value = marker.get("value") if isinstance(marker, dict) else marker
                if isinstance(value, (int, float)):
                    if int(value) in received:
                        duplicates += 1
                    else:
                        received[int(value)] = now
        self.send_response(204)
        self.end_headers()

    def log_message(self, *args):
        pass


def call(method: str, path: str, body: dict | None = None) -> int:
    request = urllib.request.Request(agora + path, method=method, data=None if body is None else json.dumps(body).encode(),
                                     headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status
    except urllib.error.HTTPError as e:
        return e.code


server = ThreadingHTTPServer(("127.0.0.1", 0), Receiver)
threading.Thread(target=server.serve_forever, daemon=True).start()
port = server.server_address[1]
subscription = {
    "id": f"urn:ngsi-ld:Subscription:bench-{port}", "type": "Subscription", "entities": [{"type": "Sensor"}],
    "watchedAttributes": ["marker"], "notification": {"attributes": ["marker"], "format": "normalized",
                                                       "endpoint": {"uri": f"http://127.0.0.1:{port}/notify", "accept": "application/json"}},
}
status = call("POST", "/ngsi-ld/v1/subscriptions", subscription)
if status != 201:
    sys.exit(f"notify.py: creating the subscription answered {status}")

refused = 0
start = time.perf_counter()
n = 0
while (planned := start + n / rate) < start + seconds:
    time.sleep(max(0.0, planned - time.perf_counter()))
    entity = f"urn:ngsi-ld:Sensor:{random.randint(1, spread):06d}"
    with lock:
        sent[n] = time.perf_counter()
    if call("POST", f"/ngsi-ld/v1/entities/{entity}/attrs", {"marker": {"type": "Property", "value": n}}) != 204:
        refused += 1
        with lock:
            del sent[n]
    n += 1
elapsed = time.perf_counter() - start
grace = time.perf_counter() + 10
while time.perf_counter() < grace:
    with lock:
        if all(k in received for k in sent):
            break
    time.sleep(0.05)
call("DELETE", f"/ngsi-ld/v1/subscriptions/{subscription['id']}")
server.shutdown()

with lock:
    latencies = sorted((received[k] - t) * 1000 for k, t in sent.items() if k in received)
    missing = sum(1 for k in sent if k not in received)
    # The slowest ten, by the order they were sent in: slow ones bunched at the start are a cold start, spread
    # out they are the delivery worker missing a wake-up.
    order = {k: i for i, k in enumerate(sorted(sent, key=sent.get))}
    slowest = sorted(((round((received[k] - t) * 1000, 1), order[k]) for k, t in sent.items() if k in received), reverse=True)[:10]


def pct(p: float) -> float | None:
    return round(latencies[min(len(latencies) - 1, int(p / 100 * len(latencies)))], 3) if latencies else None


result = {
    "requests": len(latencies), "duration_s": round(elapsed, 3), "requests_per_sec": round(len(latencies) / elapsed, 2) if elapsed else 0,
    "bytes": 0, "units": len(latencies), "partial": 0,
    "latency_ms": {"mean": round(statistics.fmean(latencies), 3) if latencies else None,
                   "stdev": round(statistics.pstdev(latencies), 3) if latencies else None,
                   "p50": pct(50), "p90": pct(90), "p95": pct(95), "p99": pct(99), "max": round(latencies[-1], 3) if latencies else None},
    "slowest_ms_and_index": slowest,
    "errors": {"total": refused + missing + duplicates, "connect": 0, "read": 0, "write": 0, "status": refused, "timeout": missing,
               "duplicates": duplicates},
}
with open(out, "w") as f:
    json.dump(result, f)
print(f"  {len(latencies)} notifications, p50 {pct(50)} ms, p95 {pct(95)} ms, {missing} missing, {duplicates} duplicates, "
      f"{refused} updates refused", file=sys.stderr)
