import { AppError } from "@/lib/errors";
import { consoleRoute } from "@/lib/api/console-route";
import { requireGuid } from "@/lib/console/parse-query";
import { getDb } from "@/lib/db/engine/client";
import { deleteBudget, upsertBudget } from "@/lib/db/tenants";
import { BudgetPeriodSchema, BudgetUpsertSchema } from "@/lib/schemas/console/tenants";

export const dynamic = "force-dynamic";

function period(value: string | undefined) {
  const parsed = BudgetPeriodSchema.safeParse(value);
  if (!parsed.success) throw new AppError("not_found", "Budgets are daily or monthly.");
  return parsed.data;
}

/** PUT /api/console/tenants/:id/budgets/:period (editor): create or change a budget. */
export const PUT = consoleRoute(
  { role: "editor", body: BudgetUpsertSchema },
  async ({ operator, body, params }) =>
    upsertBudget(
      await getDb(),
      operator,
      requireGuid(params.id, "tenant"),
      period(params.period),
      body,
    ),
);

/** DELETE /api/console/tenants/:id/budgets/:period (editor): remove the budget. */
export const DELETE = consoleRoute({ role: "editor" }, async ({ operator, params }) => {
  const tenantId = requireGuid(params.id, "tenant");
  await deleteBudget(await getDb(), operator, tenantId, period(params.period));
  return { deleted: true };
});
