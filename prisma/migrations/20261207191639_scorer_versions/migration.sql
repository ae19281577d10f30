-- CreateTable
CREATE TABLE "LabelledExampleImport" (
    "id" UUID NOT NULL,
    "routeId" UUID NOT NULL,
    "count" INTEGER NOT NULL,
    "examples" JSONB NOT NULL,
    "createdById" UUID,
    "createdBy" TEXT NOT NULL DEFAULT '',
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "LabelledExampleImport_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ScorerVersion" (
    "id" UUID NOT NULL,
    "routeId" UUID NOT NULL,
    "version" INTEGER NOT NULL,
    "kind" TEXT NOT NULL DEFAULT 'learned',
    "name" TEXT NOT NULL,
    "model" JSONB NOT NULL,
    "training" JSONB NOT NULL,
    "evaluation" JSONB NOT NULL,
    "createdById" UUID,
    "createdBy" TEXT NOT NULL DEFAULT '',
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ScorerVersion_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "LabelledExampleImport_routeId_createdAt_idx" ON "LabelledExampleImport"("routeId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "ScorerVersion_routeId_version_key" ON "ScorerVersion"("routeId", "version");

-- AddForeignKey
ALTER TABLE "LabelledExampleImport" ADD CONSTRAINT "LabelledExampleImport_routeId_fkey" FOREIGN KEY ("routeId") REFERENCES "Route"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ScorerVersion" ADD CONSTRAINT "ScorerVersion_routeId_fkey" FOREIGN KEY ("routeId") REFERENCES "Route"("id") ON DELETE CASCADE ON UPDATE CASCADE;
