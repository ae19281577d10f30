-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateEnum
CREATE TYPE "ProviderKind" AS ENUM ('openai_compatible', 'anthropic', 'simulator');

-- CreateEnum
CREATE TYPE "ModelTier" AS ENUM ('small', 'medium', 'large', 'frontier');

-- CreateEnum
CREATE TYPE "BudgetPeriod" AS ENUM ('daily', 'monthly');

-- CreateEnum
CREATE TYPE "DecisionStatus" AS ENUM ('success', 'upstream_error', 'mid_stream_failure', 'rejected', 'client_closed');

-- CreateEnum
CREATE TYPE "OperatorRole" AS ENUM ('viewer', 'editor', 'admin');

-- CreateTable
CREATE TABLE "Provider" (
    "id" UUID NOT NULL,
    "slug" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "kind" "ProviderKind" NOT NULL,
    "baseUrl" TEXT,
    "credentialCiphertext" TEXT,
    "credentialHint" TEXT,
    "headers" JSONB NOT NULL DEFAULT '{}',
    "settings" JSONB NOT NULL DEFAULT '{}',
    "connectTimeoutMs" INTEGER NOT NULL DEFAULT 5000,
    "requestTimeoutMs" INTEGER NOT NULL DEFAULT 60000,
    "allowPrivateNetwork" BOOLEAN NOT NULL DEFAULT false,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Provider_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Model" (
    "id" UUID NOT NULL,
    "slug" TEXT NOT NULL,
    "providerId" UUID NOT NULL,
    "upstreamName" TEXT NOT NULL,
    "displayName" TEXT NOT NULL,
    "inputPricePerMTok" DECIMAL(12,6) NOT NULL,
    "outputPricePerMTok" DECIMAL(12,6) NOT NULL,
    "cachedInputPricePerMTok" DECIMAL(12,6),
    "contextWindow" INTEGER NOT NULL,
    "maxOutputTokens" INTEGER NOT NULL,
    "capabilities" TEXT[],
    "tier" "ModelTier" NOT NULL,
    "declaredLatencyMs" INTEGER NOT NULL DEFAULT 1000,
    "tokenizer" TEXT,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Model_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "FallbackChain" (
    "id" UUID NOT NULL,
    "slug" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "triggers" TEXT[],
    "deadlineMs" INTEGER NOT NULL DEFAULT 120000,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "FallbackChain_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "FallbackChainStep" (
    "id" UUID NOT NULL,
    "chainId" UUID NOT NULL,
    "position" INTEGER NOT NULL,
    "modelId" UUID NOT NULL,
    "timeoutMs" INTEGER NOT NULL DEFAULT 30000,
    "maxRetries" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "FallbackChainStep_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Route" (
    "id" UUID NOT NULL,
    "slug" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "baselineModelId" UUID,
    "contentInspection" BOOLEAN NOT NULL DEFAULT false,
    "activeVersionId" UUID,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Route_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PolicyVersion" (
    "id" UUID NOT NULL,
    "routeId" UUID NOT NULL,
    "version" INTEGER NOT NULL,
    "document" JSONB NOT NULL,
    "comment" TEXT NOT NULL DEFAULT '',
    "createdById" UUID,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "publishedAt" TIMESTAMPTZ(3),

    CONSTRAINT "PolicyVersion_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RollbackToggle" (
    "id" TEXT NOT NULL DEFAULT 'global',
    "enabled" BOOLEAN NOT NULL DEFAULT false,
    "routeSlug" TEXT,
    "reason" TEXT NOT NULL DEFAULT '',
    "changedById" UUID,
    "changedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "revision" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "RollbackToggle_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ConfigRevision" (
    "area" TEXT NOT NULL,
    "revision" BIGINT NOT NULL DEFAULT 0,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ConfigRevision_pkey" PRIMARY KEY ("area")
);

-- CreateTable
CREATE TABLE "Tenant" (
    "id" UUID NOT NULL,
    "slug" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "modelAllowlist" TEXT[],
    "allowDirectModels" BOOLEAN NOT NULL DEFAULT true,
    "captureContent" BOOLEAN NOT NULL DEFAULT false,
    "isDemo" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Tenant_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ApiKey" (
    "id" UUID NOT NULL,
    "tenantId" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "hash" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "scopes" TEXT[],
    "lastUsedAt" TIMESTAMPTZ(3),
    "revokedAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ApiKey_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Budget" (
    "id" UUID NOT NULL,
    "tenantId" UUID NOT NULL,
    "period" "BudgetPeriod" NOT NULL,
    "limitUsd" DECIMAL(14,6) NOT NULL,
    "softThreshold" DECIMAL(4,3) NOT NULL DEFAULT 0.8,
    "hardLimit" BOOLEAN NOT NULL DEFAULT true,
    "windowStart" TIMESTAMPTZ(3) NOT NULL,
    "spentUsd" DECIMAL(14,6) NOT NULL DEFAULT 0,
    "leasedUsd" DECIMAL(14,6) NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Budget_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "BudgetLease" (
    "id" UUID NOT NULL,
    "tenantId" UUID NOT NULL,
    "instanceId" TEXT NOT NULL,
    "amountUsd" DECIMAL(14,6) NOT NULL,
    "windowStart" TIMESTAMPTZ(3) NOT NULL,
    "expiresAt" TIMESTAMPTZ(3) NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "heartbeatAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "BudgetLease_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "BudgetSettlement" (
    "requestId" TEXT NOT NULL,
    "tenantId" UUID NOT NULL,
    "leaseId" UUID,
    "reservedUsd" DECIMAL(14,6) NOT NULL,
    "actualUsd" DECIMAL(14,6) NOT NULL,
    "settledAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "BudgetSettlement_pkey" PRIMARY KEY ("requestId")
);

-- CreateTable
CREATE TABLE "Decision" (
    "id" UUID NOT NULL,
    "requestId" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL,
    "tenantId" UUID,
    "apiKeyId" UUID,
    "endUserId" TEXT,
    "routeSlug" TEXT NOT NULL,
    "policyVersionId" UUID,
    "policyVersion" INTEGER,
    "ruleMatched" TEXT,
    "strategy" TEXT NOT NULL,
    "features" JSONB NOT NULL,
    "trace" JSONB NOT NULL,
    "gateResults" JSONB NOT NULL DEFAULT '[]',
    "escalated" BOOLEAN NOT NULL DEFAULT false,
    "fellBack" BOOLEAN NOT NULL DEFAULT false,
    "streamed" BOOLEAN NOT NULL DEFAULT false,
    "finalModel" TEXT,
    "finalProvider" TEXT,
    "status" "DecisionStatus" NOT NULL,
    "errorClass" TEXT,
    "httpStatus" INTEGER NOT NULL,
    "latencyMs" INTEGER NOT NULL,
    "ttftMs" INTEGER,
    "inputTokens" INTEGER NOT NULL DEFAULT 0,
    "outputTokens" INTEGER NOT NULL DEFAULT 0,
    "cachedTokens" INTEGER NOT NULL DEFAULT 0,
    "usageEstimated" BOOLEAN NOT NULL DEFAULT false,
    "costUsd" DECIMAL(14,8) NOT NULL DEFAULT 0,
    "baselineCostUsd" DECIMAL(14,8) NOT NULL DEFAULT 0,
    "savingsUsd" DECIMAL(14,8) NOT NULL DEFAULT 0,
    "promptHash" TEXT,
    "content" JSONB,
    "isDemo" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "Decision_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DecisionAttempt" (
    "id" UUID NOT NULL,
    "decisionId" UUID NOT NULL,
    "position" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "model" TEXT NOT NULL,
    "provider" TEXT NOT NULL,
    "startedAt" TIMESTAMPTZ(3) NOT NULL,
    "ttftMs" INTEGER,
    "durationMs" INTEGER NOT NULL,
    "outcome" TEXT NOT NULL,
    "errorClass" TEXT,
    "httpStatus" INTEGER,
    "inputTokens" INTEGER NOT NULL DEFAULT 0,
    "outputTokens" INTEGER NOT NULL DEFAULT 0,
    "cachedTokens" INTEGER NOT NULL DEFAULT 0,
    "costUsd" DECIMAL(14,8) NOT NULL DEFAULT 0,
    "gate" JSONB,

    CONSTRAINT "DecisionAttempt_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DecisionRollup" (
    "bucketStart" TIMESTAMPTZ(3) NOT NULL,
    "granularity" TEXT NOT NULL,
    "routeSlug" TEXT NOT NULL,
    "model" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "policyVersion" INTEGER NOT NULL DEFAULT 0,
    "requests" INTEGER NOT NULL DEFAULT 0,
    "errors" INTEGER NOT NULL DEFAULT 0,
    "escalations" INTEGER NOT NULL DEFAULT 0,
    "fallbacks" INTEGER NOT NULL DEFAULT 0,
    "inputTokens" BIGINT NOT NULL DEFAULT 0,
    "outputTokens" BIGINT NOT NULL DEFAULT 0,
    "costUsd" DECIMAL(16,8) NOT NULL DEFAULT 0,
    "baselineCostUsd" DECIMAL(16,8) NOT NULL DEFAULT 0,
    "latencySumMs" BIGINT NOT NULL DEFAULT 0,
    "latencyHist" INTEGER[],
    "isDemo" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "DecisionRollup_pkey" PRIMARY KEY ("granularity","bucketStart","routeSlug","model","tenantId","policyVersion")
);

-- CreateTable
CREATE TABLE "Operator" (
    "id" UUID NOT NULL,
    "email" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "passwordHash" TEXT NOT NULL,
    "role" "OperatorRole" NOT NULL,
    "disabled" BOOLEAN NOT NULL DEFAULT false,
    "lastLoginAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Operator_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AuditLog" (
    "id" BIGSERIAL NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actorId" UUID,
    "actorEmail" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "entityType" TEXT NOT NULL,
    "entityId" TEXT NOT NULL,
    "before" JSONB,
    "after" JSONB,

    CONSTRAINT "AuditLog_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Provider_slug_key" ON "Provider"("slug");

-- CreateIndex
CREATE UNIQUE INDEX "Model_slug_key" ON "Model"("slug");

-- CreateIndex
CREATE INDEX "Model_providerId_idx" ON "Model"("providerId");

-- CreateIndex
CREATE UNIQUE INDEX "FallbackChain_slug_key" ON "FallbackChain"("slug");

-- CreateIndex
CREATE INDEX "FallbackChainStep_modelId_idx" ON "FallbackChainStep"("modelId");

-- CreateIndex
CREATE UNIQUE INDEX "FallbackChainStep_chainId_position_key" ON "FallbackChainStep"("chainId", "position");

-- CreateIndex
CREATE UNIQUE INDEX "Route_slug_key" ON "Route"("slug");

-- CreateIndex
CREATE UNIQUE INDEX "Route_activeVersionId_key" ON "Route"("activeVersionId");

-- CreateIndex
CREATE UNIQUE INDEX "PolicyVersion_routeId_version_key" ON "PolicyVersion"("routeId", "version");

-- CreateIndex
CREATE UNIQUE INDEX "Tenant_slug_key" ON "Tenant"("slug");

-- CreateIndex
CREATE UNIQUE INDEX "ApiKey_hash_key" ON "ApiKey"("hash");

-- CreateIndex
CREATE INDEX "ApiKey_tenantId_idx" ON "ApiKey"("tenantId");

-- CreateIndex
CREATE UNIQUE INDEX "Budget_tenantId_period_key" ON "Budget"("tenantId", "period");

-- CreateIndex
CREATE INDEX "BudgetLease_tenantId_idx" ON "BudgetLease"("tenantId");

-- CreateIndex
CREATE INDEX "BudgetLease_expiresAt_idx" ON "BudgetLease"("expiresAt");

-- CreateIndex
CREATE INDEX "BudgetSettlement_tenantId_settledAt_idx" ON "BudgetSettlement"("tenantId", "settledAt");

-- CreateIndex
CREATE UNIQUE INDEX "Decision_requestId_key" ON "Decision"("requestId");

-- CreateIndex
CREATE INDEX "Decision_createdAt_id_idx" ON "Decision"("createdAt" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "Decision_tenantId_createdAt_idx" ON "Decision"("tenantId", "createdAt" DESC);

-- CreateIndex
CREATE INDEX "Decision_routeSlug_createdAt_idx" ON "Decision"("routeSlug", "createdAt" DESC);

-- CreateIndex
CREATE INDEX "Decision_finalModel_createdAt_idx" ON "Decision"("finalModel", "createdAt" DESC);

-- CreateIndex
CREATE UNIQUE INDEX "DecisionAttempt_decisionId_position_key" ON "DecisionAttempt"("decisionId", "position");

-- CreateIndex
CREATE INDEX "DecisionRollup_granularity_bucketStart_idx" ON "DecisionRollup"("granularity", "bucketStart");

-- CreateIndex
CREATE INDEX "DecisionRollup_tenantId_granularity_bucketStart_idx" ON "DecisionRollup"("tenantId", "granularity", "bucketStart");

-- CreateIndex
CREATE UNIQUE INDEX "Operator_email_key" ON "Operator"("email");

-- CreateIndex
CREATE INDEX "AuditLog_at_idx" ON "AuditLog"("at" DESC);

-- CreateIndex
CREATE INDEX "AuditLog_entityType_entityId_idx" ON "AuditLog"("entityType", "entityId");

-- AddForeignKey
ALTER TABLE "Model" ADD CONSTRAINT "Model_providerId_fkey" FOREIGN KEY ("providerId") REFERENCES "Provider"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FallbackChainStep" ADD CONSTRAINT "FallbackChainStep_chainId_fkey" FOREIGN KEY ("chainId") REFERENCES "FallbackChain"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FallbackChainStep" ADD CONSTRAINT "FallbackChainStep_modelId_fkey" FOREIGN KEY ("modelId") REFERENCES "Model"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Route" ADD CONSTRAINT "Route_activeVersionId_fkey" FOREIGN KEY ("activeVersionId") REFERENCES "PolicyVersion"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PolicyVersion" ADD CONSTRAINT "PolicyVersion_routeId_fkey" FOREIGN KEY ("routeId") REFERENCES "Route"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PolicyVersion" ADD CONSTRAINT "PolicyVersion_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "Operator"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RollbackToggle" ADD CONSTRAINT "RollbackToggle_changedById_fkey" FOREIGN KEY ("changedById") REFERENCES "Operator"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ApiKey" ADD CONSTRAINT "ApiKey_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Budget" ADD CONSTRAINT "Budget_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BudgetLease" ADD CONSTRAINT "BudgetLease_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BudgetSettlement" ADD CONSTRAINT "BudgetSettlement_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DecisionAttempt" ADD CONSTRAINT "DecisionAttempt_decisionId_fkey" FOREIGN KEY ("decisionId") REFERENCES "Decision"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AuditLog" ADD CONSTRAINT "AuditLog_actorId_fkey" FOREIGN KEY ("actorId") REFERENCES "Operator"("id") ON DELETE SET NULL ON UPDATE CASCADE;
