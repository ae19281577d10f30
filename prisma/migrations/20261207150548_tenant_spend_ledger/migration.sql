-- CreateTable
CREATE TABLE "TenantSpend" (
    "tenantId" UUID NOT NULL,
    "day" TIMESTAMPTZ(3) NOT NULL,
    "spentUsd" DECIMAL(14,6) NOT NULL DEFAULT 0,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "TenantSpend_pkey" PRIMARY KEY ("tenantId","day")
);

-- AddForeignKey
ALTER TABLE "TenantSpend" ADD CONSTRAINT "TenantSpend_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Back-fill: this month's spend per tenant and UTC day from the decision log (each request's cost
-- rounded up to the micro-dollar, as the settler rounds it). Older days belong to no open window.
INSERT INTO "TenantSpend" ("tenantId", "day", "spentUsd", "updatedAt")
SELECT d."tenantId",
  date_trunc('day', d."createdAt" AT TIME ZONE 'UTC') AT TIME ZONE 'UTC',
  SUM(CEIL(d."costUsd" * 1000000)) / 1000000,
  CURRENT_TIMESTAMP
FROM "Decision" d
JOIN "Tenant" t ON t."id" = d."tenantId"
WHERE d."costUsd" > 0
  AND d."createdAt" >= date_trunc('month', CURRENT_TIMESTAMP AT TIME ZONE 'UTC') AT TIME ZONE 'UTC'
GROUP BY 1, 2;
