/** The error under a form field (announced by screen readers when it appears). */
export function FieldMessage({ id, message }: { id: string; message: string | undefined }) {
  return (
    <span id={id} className="ops-field-error" role={message ? "alert" : undefined}>
      {message ?? ""}
    </span>
  );
}
