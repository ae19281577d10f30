-- DropIndex
DROP INDEX "Decision_requestId_key";

-- CreateIndex
CREATE INDEX "Decision_requestId_idx" ON "Decision"("requestId");
