import type { AttemptView } from "@/lib/schemas/console/decisions";

type Gate = { gate: string; passed: boolean; skipped?: boolean; detail?: string };

function toGates(value: unknown): Gate[] {
  const list = Array.isArray(value) ? value : value && typeof value === "object" ? [value] : [];
  const out: Gate[] = [];
  for (const item of list) {
    if (!item || typeof item !== "object") continue;
    const o = item as Record<string, unknown>;
    if (Array.isArray(o.results)) out.push(...toGates(o.results));
    else if (typeof o.gate === "string" && typeof o.passed === "boolean")
      out.push({
        gate: o.gate,
        passed: o.passed,
        skipped: o.skipped === true,
        detail: typeof o.detail === "string" ? o.detail : undefined,
      });
    else if (typeof o.passed === "boolean")
      out.push({
        gate: typeof o.model === "string" ? `stage ${String(o.stage ?? "")} (${o.model})` : "gate",
        passed: o.passed,
        detail: typeof o.reason === "string" ? o.reason : undefined,
      });
  }
  return out;
}

/** Cascade quality gates per attempt (from the attempts, else the decision's gate list). */
export function GateResults({ results, attempts }: { results: unknown; attempts: AttemptView[] }) {
  const perAttempt = attempts
    .map((a) => ({ a, gates: toGates(a.gate) }))
    .filter((x) => x.gates.length > 0);
  const overall = perAttempt.length === 0 ? toGates(results) : [];
  if (perAttempt.length === 0 && overall.length === 0) return null;
  const list = (gates: Gate[]) => (
    <ul className="ops-conditions">
      {gates.map((g, i) => (
        <li key={`${g.gate}-${i}`}>
          <span className={g.passed ? "ops-held" : "ops-failed"}>{g.passed ? "✓" : "✗"}</span>{" "}
          {g.gate.replaceAll("_", " ")}
          {g.skipped ? <span className="muted"> (skipped)</span> : null}
          {g.detail ? <span className="muted"> · {g.detail}</span> : null}
        </li>
      ))}
    </ul>
  );
  return (
    <section className="card" aria-label="Gate results">
      <h2>Gate results</h2>
      {perAttempt.map(({ a, gates }) => (
        <div key={a.position}>
          <p className="ops-small">
            Attempt #{a.position + 1} · {a.model}
          </p>
          {list(gates)}
        </div>
      ))}
      {overall.length > 0 ? list(overall) : null}
    </section>
  );
}
