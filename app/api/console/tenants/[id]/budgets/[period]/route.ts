import { AppError } from "@/lib/errors";
import { consoleRoute, requireUuid } from "@/lib/api/console-route";
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
  async ({ operator, db, body, params }) =>
    upsertBudget(db, operator, requireUuid(params.id, "tenant"), period(params.period), body),
);

/** DELETE /api/console/tenants/:id/budgets/:period (editor): remove the budget. */
export const DELETE = consoleRoute({ role: "editor" }, async ({ operator, db, params }) => {
  const tenantId = requireUuid(params.id, "tenant");
  await deleteBudget(db, operator, tenantId, period(params.period));
  return { deleted: true };
});
