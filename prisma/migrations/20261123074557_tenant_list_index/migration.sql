-- CreateIndex
CREATE INDEX "Tenant_name_id_idx" ON "Tenant"("name", "id");
