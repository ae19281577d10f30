const TONE: Record<string, string> = {
  success: "ok",
  upstream_error: "over",
  mid_stream_failure: "over",
  rejected: "soft",
  client_closed: "muted",
};

export function StatusBadge({ status }: { status: string }) {
  return (
    <span className={`ops-tag ops-tag-${TONE[status] ?? "muted"}`}>
      {status.replaceAll("_", " ")}
    </span>
  );
}
