import { diffJson, previewJson, type JsonChange } from "@/lib/ui/json-diff";

const LABEL: Record<JsonChange["kind"], string> = {
  added: "added",
  removed: "removed",
  changed: "changed",
  moved: "moved",
};

/** A readable list of the changes between two JSON documents (policy versions, audit entries). */
export function JsonDiff({
  before,
  after,
  emptyText = "No differences.",
}: {
  before: unknown;
  after: unknown;
  emptyText?: string;
}) {
  const changes = diffJson(before, after);
  if (changes.length === 0) return <p className="muted">{emptyText}</p>;
  return (
    <ul className="json-diff" aria-label={`${changes.length} changes`}>
      {changes.map((c, i) => (
        <li key={`${c.path}-${i}`} className={`diff-${c.kind}`}>
          <span className="diff-kind">{LABEL[c.kind]}</span>{" "}
          <code className="diff-path">{c.path}</code>
          {c.kind === "changed" ? (
            <div className="diff-values">
              <del>{previewJson(c.before)}</del> <span aria-hidden="true">→</span>{" "}
              <ins>{previewJson(c.after)}</ins>
            </div>
          ) : c.kind === "added" ? (
            <div className="diff-values">
              <ins>{previewJson(c.after)}</ins>
            </div>
          ) : c.kind === "removed" ? (
            <div className="diff-values">
              <del>{previewJson(c.before)}</del>
            </div>
          ) : (
            <div className="diff-values muted">
              position {c.from + 1} → {c.to + 1}
            </div>
          )}
        </li>
      ))}
    </ul>
  );
}
