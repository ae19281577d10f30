import { consoleRoute, requireUuid } from "@/lib/api/console-route";
import { resetOperatorPassword } from "@/lib/db/operator-passwords";
import { PasswordResetSchema } from "@/lib/schemas/console/operators";

export const dynamic = "force-dynamic";

/** PUT /api/console/operators/:id/password (admin): set a new password; their sessions end. */
export const PUT = consoleRoute(
  { role: "admin", body: PasswordResetSchema },
  async ({ operator, db, body, params }) =>
    resetOperatorPassword(db, operator, requireUuid(params.id, "operator"), body.password),
);
