"use client";

import { useState } from "react";
import type { ApiKeyCreated } from "@/lib/schemas/console/tenants";

/** The one time a key is visible: copy it now, it cannot be shown again. */
export function NewKeyNotice({
  created,
  onDismiss,
}: {
  created: ApiKeyCreated;
  onDismiss: () => void;
}) {
  const [copied, setCopied] = useState<"idle" | "done" | "failed">("idle");
  async function copy() {
    try {
      await navigator.clipboard.writeText(created.key);
      setCopied("done");
    } catch {
      setCopied("failed");
    }
  }
  return (
    <div className="ops-new-key" role="region" aria-label="New API key">
      <p>
        <strong>Copy the key for “{created.apiKey.name}” now.</strong> It is shown only once; the
        console keeps only its prefix <code>{created.apiKey.prefix}…</code>.
      </p>
      <div className="ops-key-row">
        <input
          readOnly
          value={created.key}
          aria-label="New API key value"
          data-testid="new-api-key"
          onFocus={(e) => e.currentTarget.select()}
        />
        <button type="button" className="btn btn-primary" onClick={() => void copy()}>
          {copied === "done" ? "Copied" : "Copy"}
        </button>
        <button type="button" className="btn" onClick={onDismiss}>
          Done
        </button>
      </div>
      {copied === "failed" ? (
        <p className="error-text" role="alert">
          Copy failed: select the key and copy it by hand.
        </p>
      ) : null}
    </div>
  );
}
