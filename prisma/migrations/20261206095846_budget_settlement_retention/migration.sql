-- DropIndex
DROP INDEX "BudgetSettlement_tenantId_settledAt_idx";

-- CreateIndex
CREATE INDEX "BudgetSettlement_settledAt_idx" ON "BudgetSettlement"("settledAt");
