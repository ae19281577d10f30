// Feedback load for bench/feedback.bench.ts: POSTs /v1/feedback at RATE events/s (paced in 10 ms
// ticks over keep-alive connections) for decision ids read from IDS_FILE, until SIGTERM; then
// prints one JSON line with what was sent and how it was answered. Runs in its own process so
// its CPU is not charged to the latency probe.
import fs from "node:fs";
import http from "node:http";

const [origin, key, idsFile, rateText] = process.argv.slice(2);
const rate = Number(rateText);
const ids = fs.readFileSync(idsFile, "utf8").trim().split("\n");
const u = new URL(origin);
const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
const counts = {};
let sent = 0;
let inflight = 0;
let skipped = 0;
const started = performance.now();

function post(i) {
  const body = JSON.stringify({
    decision_id: ids[i % ids.length],
    metric: "ok",
    value: i % 3 !== 0,
    // A spread of sources and resends: upserts replace as well as insert.
    source: ["user", "evaluator", "operator"][i % 3],
  });
  inflight++;
  const req = http.request(
    {
      host: u.hostname,
      port: u.port,
      method: "POST",
      path: "/v1/feedback",
      agent,
      headers: {
        authorization: `Bearer ${key}`,
        "content-type": "application/json",
        "content-length": Buffer.byteLength(body),
      },
    },
    (res) => {
      res.resume();
      res.on("end", () => {
        inflight--;
        counts[res.statusCode] = (counts[res.statusCode] ?? 0) + 1;
      });
    },
  );
  req.on("error", () => {
    inflight--;
    counts.error = (counts.error ?? 0) + 1;
  });
  req.end(body);
}

const timer = setInterval(() => {
  const due = Math.floor(((performance.now() - started) / 1000) * rate) - sent - skipped;
  for (let k = 0; k < due; k++) {
    // Open-loop pacing with a cap: a server that cannot keep up is not buried in sockets.
    if (inflight >= 512) skipped++;
    else post(sent++);
  }
}, 10);

process.on("SIGTERM", () => {
  clearInterval(timer);
  const seconds = (performance.now() - started) / 1000;
  process.stdout.write(
    `${JSON.stringify({ seconds, sent, skipped, perSecond: sent / seconds, counts })}\n`,
  );
  process.exit(0);
});
process.stdout.write("load started\n");
