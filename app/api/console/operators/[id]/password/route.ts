import { consoleRoute } from "@/lib/api/console-route";
import { requireGuid } from "@/lib/console/parse-query";
import { getDb } from "@/lib/db/engine/client";
import { resetOperatorPassword } from "@/lib/db/operator-passwords";
import { PasswordResetSchema } from "@/lib/schemas/console/operators";

export const dynamic = "force-dynamic";

/** PUT /api/console/operators/:id/password (admin): set a new password; their sessions end. */
export const PUT = consoleRoute(
  { role: "admin", body: PasswordResetSchema },
  async ({ operator, body, params }) =>
    resetOperatorPassword(
      await getDb(),
      operator,
      requireGuid(params.id, "operator"),
      body.password,
    ),
);
