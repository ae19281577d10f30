"use client";

import { useState } from "react";

/** Two-step revoke: the first press asks, the second revokes; Escape or Cancel backs out. */
export function RevokeButton({
  label,
  pending,
  onConfirm,
}: {
  label: string;
  pending: boolean;
  onConfirm: () => void;
}) {
  const [asking, setAsking] = useState(false);
  if (!asking)
    return (
      <button
        type="button"
        className="btn"
        onClick={() => setAsking(true)}
        aria-label={`Revoke ${label}`}
      >
        Revoke
      </button>
    );
  return (
    <span className="ops-actions" onKeyDown={(e) => e.key === "Escape" && setAsking(false)}>
      <button
        type="button"
        className="btn btn-danger"
        disabled={pending}
        autoFocus
        onClick={onConfirm}
        aria-label={`Confirm revoking ${label}`}
      >
        {pending ? "Revoking…" : "Confirm revoke"}
      </button>
      <button type="button" className="btn btn-ghost" onClick={() => setAsking(false)}>
        Cancel
      </button>
    </span>
  );
}
