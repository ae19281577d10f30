-- CreateIndex
CREATE INDEX "Decision_costUsd_id_idx" ON "Decision"("costUsd" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "Decision_latencyMs_id_idx" ON "Decision"("latencyMs" DESC, "id" DESC);
