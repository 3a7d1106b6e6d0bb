-- CreateIndex
CREATE INDEX "RecipientCapCount_tenantId_recipientEmail_periodStart_idx" ON "RecipientCapCount"("tenantId", "recipientEmail", "periodStart");

-- CreateIndex
CREATE INDEX "RecipientCapCount_periodStart_idx" ON "RecipientCapCount"("periodStart");
