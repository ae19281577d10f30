-- CreateEnum
CREATE TYPE "MetricType" AS ENUM ('boolean', 'number', 'category');

-- CreateEnum
CREATE TYPE "FeedbackSource" AS ENUM ('user', 'evaluator', 'operator');

-- CreateTable
CREATE TABLE "RouteMetric" (
    "id" UUID NOT NULL,
    "routeId" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "type" "MetricType" NOT NULL,
    "min" DOUBLE PRECISION,
    "max" DOUBLE PRECISION,
    "categories" TEXT[],
    "higherIsBetter" BOOLEAN NOT NULL DEFAULT true,
    "description" TEXT NOT NULL DEFAULT '',
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "RouteMetric_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Feedback" (
    "id" UUID NOT NULL,
    "decisionId" UUID NOT NULL,
    "tenantId" UUID NOT NULL,
    "routeSlug" TEXT NOT NULL,
    "model" TEXT NOT NULL,
    "policyVersion" INTEGER NOT NULL DEFAULT 0,
    "decisionAt" TIMESTAMPTZ(3) NOT NULL,
    "metric" TEXT NOT NULL,
    "source" "FeedbackSource" NOT NULL,
    "value" DOUBLE PRECISION,
    "category" TEXT,
    "comment" TEXT,
    "endUserId" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Feedback_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "QualityRollup" (
    "bucketStart" TIMESTAMPTZ(3) NOT NULL,
    "routeSlug" TEXT NOT NULL,
    "model" TEXT NOT NULL,
    "policyVersion" INTEGER NOT NULL DEFAULT 0,
    "metric" TEXT NOT NULL,
    "category" TEXT NOT NULL DEFAULT '',
    "count" INTEGER NOT NULL DEFAULT 0,
    "sum" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "sumSquares" DOUBLE PRECISION NOT NULL DEFAULT 0,

    CONSTRAINT "QualityRollup_pkey" PRIMARY KEY ("bucketStart","routeSlug","model","policyVersion","metric","category")
);

-- CreateIndex
CREATE UNIQUE INDEX "RouteMetric_routeId_name_key" ON "RouteMetric"("routeId", "name");

-- CreateIndex
CREATE INDEX "Feedback_tenantId_createdAt_idx" ON "Feedback"("tenantId", "createdAt" DESC);

-- CreateIndex
CREATE UNIQUE INDEX "Feedback_decisionId_metric_source_key" ON "Feedback"("decisionId", "metric", "source");

-- CreateIndex
CREATE INDEX "QualityRollup_routeSlug_bucketStart_idx" ON "QualityRollup"("routeSlug", "bucketStart");

-- AddForeignKey
ALTER TABLE "RouteMetric" ADD CONSTRAINT "RouteMetric_routeId_fkey" FOREIGN KEY ("routeId") REFERENCES "Route"("id") ON DELETE CASCADE ON UPDATE CASCADE;
