/** Query contract of the console's audit log (GET /api/console/audit). */
import { z } from "zod";
import { lenientLimit } from "./list-query";

/**
 * Newest first; `cursor` is the id of the previous page's last entry. Not strict: other
 * parameters have always been ignored here.
 */
export const AuditQuerySchema = z.object({
  cursor: z
    .string()
    .regex(/^\d{1,19}$/, "expected a number")
    .optional(),
  entityType: z.string().optional(),
  limit: lenientLimit,
});
export type AuditQuery = z.infer<typeof AuditQuerySchema>;
