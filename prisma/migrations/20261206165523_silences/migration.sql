-- AlterEnum
ALTER TYPE "DeliveryStatus" ADD VALUE 'silenced';

-- AlterTable
ALTER TABLE "Delivery" ADD COLUMN     "silenceId" UUID;

-- AlterTable
ALTER TABLE "Tenant" ADD COLUMN     "timeZone" TEXT NOT NULL DEFAULT 'UTC';

-- CreateTable
CREATE TABLE "Silence" (
    "id" UUID NOT NULL,
    "tenantId" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "comment" TEXT NOT NULL DEFAULT '',
    "deviceGroupIds" TEXT[],
    "detectionSources" TEXT[],
    "severities" "AlertSeverity"[],
    "titleContains" TEXT NOT NULL DEFAULT '',
    "ruleIds" TEXT[],
    "startsAt" TIMESTAMP(3) NOT NULL,
    "endsAt" TIMESTAMP(3) NOT NULL,
    "endedAt" TIMESTAMP(3),
    "recurrenceWeekdays" INTEGER[],
    "recurrenceStartMinute" INTEGER,
    "recurrenceEndMinute" INTEGER,
    "createdById" UUID,
    "createdByEmail" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Silence_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Silence_tenantId_endsAt_idx" ON "Silence"("tenantId", "endsAt");

-- CreateIndex
CREATE UNIQUE INDEX "Silence_id_tenantId_key" ON "Silence"("id", "tenantId");

-- CreateIndex
CREATE INDEX "Delivery_silenceId_idx" ON "Delivery"("silenceId");

-- AddForeignKey
ALTER TABLE "Delivery" ADD CONSTRAINT "Delivery_silenceId_fkey" FOREIGN KEY ("silenceId") REFERENCES "Silence"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Silence" ADD CONSTRAINT "Silence_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;
