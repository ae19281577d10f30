"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { formatCount } from "@/components/ui/format";
import { ErrorState, Loading } from "@/components/ui/states";
import { ApiProblem } from "@/lib/ui/api-problem";
import { scorerKeys, scorerListQuery, trainScorer, uploadExamples } from "@/lib/queries/scorers";

const num = (v: number | null) => (v === null ? "—" : v.toFixed(3));
const pct = (v: number | null) => (v === null ? "—" : `${(v * 100).toFixed(1)}%`);

/**
 * A route's learned scorers: upload labelled examples (JSONL), train a version, compare versions
 * by their held-out evaluation. A version routes only once a published policy names it (choose
 * it in a score-band action of the draft above).
 */
export function ScorersPanel({ slug, canEdit }: { slug: string; canEdit: boolean }) {
  const qc = useQueryClient();
  const q = useQuery(scorerListQuery(slug));
  const [file, setFile] = useState<File | null>(null);
  const invalidate = () => qc.invalidateQueries({ queryKey: scorerKeys.route(slug) });
  const upload = useMutation({
    mutationFn: (f: File) => uploadExamples(slug, f),
    onSuccess: invalidate,
  });
  const train = useMutation({ mutationFn: () => trainScorer(slug), onSuccess: invalidate });
  const problem = upload.error ?? train.error;
  return (
    <section aria-labelledby="scorers-title">
      <h2 id="scorers-title">Scorers</h2>
      {q.isPending ? (
        <Loading label="Loading scorers…" />
      ) : q.isError ? (
        <ErrorState error={q.error} onRetry={() => void q.refetch()} />
      ) : (
        <div className="card">
          <p className="muted">
            {formatCount(q.data.examples.examples)} labelled examples in{" "}
            {formatCount(q.data.examples.imports)} imports. A learned scorer reads prompt text: the
            route needs content inspection on.
          </p>
          {canEdit ? (
            <form
              className="ops-actions"
              onSubmit={(e) => {
                e.preventDefault();
                if (file) upload.mutate(file);
              }}
            >
              <label>
                Labelled examples (JSONL){" "}
                <input
                  type="file"
                  accept=".jsonl,.ndjson,application/x-ndjson,text/plain"
                  onChange={(e) => setFile(e.target.files?.[0] ?? null)}
                />
              </label>
              <button type="submit" className="btn" disabled={!file || upload.isPending}>
                {upload.isPending ? "Uploading…" : "Upload"}
              </button>
              <button
                type="button"
                className="btn btn-primary"
                disabled={q.data.examples.examples === 0 || train.isPending}
                onClick={() => train.mutate()}
              >
                {train.isPending ? "Training…" : "Train a new version"}
              </button>
            </form>
          ) : null}
          {upload.isSuccess ? (
            <p role="status">Imported {formatCount(upload.data.count)} examples.</p>
          ) : null}
          {problem ? (
            <div role="alert" className="error-text">
              <p>{problem.message}</p>
              {problem instanceof ApiProblem && problem.fieldErrors.length > 0 ? (
                <ul>
                  {problem.fieldErrors.map((e) => (
                    <li key={e.path}>
                      {e.path}: {e.message}
                    </li>
                  ))}
                </ul>
              ) : null}
            </div>
          ) : null}
          {q.data.versions.length === 0 ? (
            <p className="muted">No scorer versions yet.</p>
          ) : (
            <div className="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th>Version</th>
                    <th>Trained on</th>
                    <th>Held out</th>
                    <th>APGR</th>
                    <th>Heuristic APGR</th>
                    <th>CPT(80%)</th>
                    <th>AUC</th>
                    <th>Created</th>
                  </tr>
                </thead>
                <tbody>
                  {q.data.versions.map((v) => (
                    <tr key={v.id}>
                      <td>
                        v{v.version} <span className="muted">{v.name}</span>
                      </td>
                      <td>{formatCount(v.training.trained)}</td>
                      <td>{formatCount(v.evaluation.examples)}</td>
                      <td title={v.evaluation.note ?? undefined}>{num(v.evaluation.apgr)}</td>
                      <td>{num(v.evaluation.heuristicApgr)}</td>
                      <td>{pct(v.evaluation.cpt80)}</td>
                      <td>{num(v.evaluation.auc)}</td>
                      <td>
                        {new Date(v.createdAt).toLocaleString()} · {v.createdBy}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </div>
      )}
    </section>
  );
}
