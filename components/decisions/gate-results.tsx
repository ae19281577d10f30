import type { AttemptView } from "@/lib/schemas/console/decisions";

/** One gate as recorded: `detail` is the measured value (or why it failed), `threshold` its bound. */
type Gate = {
  gate: string;
  passed: boolean;
  skipped: boolean;
  detail?: string;
  threshold?: string;
};

const text = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);

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
        detail: text(o.detail),
        threshold: text(o.threshold),
      });
    else if (typeof o.passed === "boolean")
      out.push({
        gate: typeof o.model === "string" ? `stage ${String(o.stage ?? "")} (${o.model})` : "gate",
        passed: o.passed,
        skipped: false,
        detail: text(o.reason),
      });
  }
  return out;
}

function GateTable({ gates }: { gates: Gate[] }) {
  return (
    <div className="ops-table-wrap">
      <table className="ops-table-dense">
        <thead>
          <tr>
            <th>Gate</th>
            <th>Outcome</th>
            <th>Value</th>
            <th>Threshold</th>
          </tr>
        </thead>
        <tbody>
          {gates.map((g, i) => (
            <tr key={`${g.gate}-${i}`}>
              <th scope="row">{g.gate.replaceAll("_", " ")}</th>
              <td>
                <span className={g.passed ? "ops-held" : "ops-failed"}>
                  {g.passed ? "✓ passed" : "✗ failed"}
                </span>
                {g.skipped ? <span className="muted"> (skipped)</span> : null}
              </td>
              <td>{g.detail ?? <span className="muted">–</span>}</td>
              <td>{g.threshold ?? <span className="muted">–</span>}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Cascade quality gates per attempt (from the attempts, else the decision's gate list). */
export function GateResults({ results, attempts }: { results: unknown; attempts: AttemptView[] }) {
  const perAttempt = attempts
    .map((a) => ({ a, gates: toGates(a.gate) }))
    .filter((x) => x.gates.length > 0);
  const overall = perAttempt.length === 0 ? toGates(results) : [];
  if (perAttempt.length === 0 && overall.length === 0) return null;
  return (
    <section className="card" aria-label="Gate results">
      <h2>Gate results</h2>
      {perAttempt.map(({ a, gates }) => (
        <div key={a.position}>
          <p className="ops-small">
            Attempt #{a.position + 1} · {a.model}
          </p>
          <GateTable gates={gates} />
        </div>
      ))}
      {overall.length > 0 ? <GateTable gates={overall} /> : null}
    </section>
  );
}
