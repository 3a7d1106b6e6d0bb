-- AlterTable
ALTER TABLE "IncidentEvent" ADD COLUMN     "decisions" JSONB;

-- CreateIndex
CREATE INDEX "Incident_tenantId_receivedAt_idx" ON "Incident"("tenantId", "receivedAt");
