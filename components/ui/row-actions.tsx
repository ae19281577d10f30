/** The Edit / Delete buttons of a registry table row (shown only to roles that may edit). */
export function RowActions({
  canEdit,
  onEdit,
  onDelete,
}: {
  canEdit: boolean;
  onEdit: () => void;
  onDelete: () => void;
}) {
  return (
    <td className="actions">
      {canEdit ? (
        <>
          <button type="button" className="btn btn-small" onClick={onEdit}>
            Edit
          </button>
          <button type="button" className="btn btn-small" onClick={onDelete}>
            Delete
          </button>
        </>
      ) : null}
    </td>
  );
}
