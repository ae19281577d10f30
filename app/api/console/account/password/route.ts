import { consoleRoute } from "@/lib/api/console-route";
import { changeOwnPassword } from "@/lib/db/operator-passwords";
import { PasswordChangeSchema } from "@/lib/schemas/console/operators";

export const dynamic = "force-dynamic";

/**
 * PUT /api/console/account/password (any signed-in operator): change your own password. Every
 * session, this one included, ends; the console signs in again with the new password.
 */
export const PUT = consoleRoute(
  { role: "viewer", body: PasswordChangeSchema },
  async ({ operator, db, body }) =>
    changeOwnPassword(db, operator, body.currentPassword, body.newPassword),
);
