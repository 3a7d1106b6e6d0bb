-- CreateEnum
CREATE TYPE "CapPeriod" AS ENUM ('hour', 'day');

-- AlterEnum
ALTER TYPE "DeliveryKind" ADD VALUE 'digest';

-- AlterEnum
-- This migration adds more than one value to an enum.
-- With PostgreSQL versions 11 and earlier, this is not possible
-- in a single migration. This can be worked around by creating
-- multiple migrations, each migration adding only one value to
-- the enum.


ALTER TYPE "DeliveryStatus" ADD VALUE 'coalesced';
ALTER TYPE "DeliveryStatus" ADD VALUE 'held';

-- AlterTable
ALTER TABLE "Delivery" ADD COLUMN     "coalescedIntoId" UUID,
ADD COLUMN     "digestId" UUID,
ADD COLUMN     "heldReason" JSONB,
ADD COLUMN     "windowEndsAt" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "NotificationRule" ADD COLUMN     "capHigh" INTEGER,
ADD COLUMN     "capInformational" INTEGER,
ADD COLUMN     "capLow" INTEGER,
ADD COLUMN     "capMedium" INTEGER,
ADD COLUMN     "capPeriod" "CapPeriod",
ADD COLUMN     "coalesceBypassHigh" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "coalesceMinutes" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "digestAtMinute" INTEGER;

-- AlterTable
ALTER TABLE "Tenant" ADD COLUMN     "addressCapHigh" INTEGER,
ADD COLUMN     "addressCapInformational" INTEGER,
ADD COLUMN     "addressCapLow" INTEGER,
ADD COLUMN     "addressCapMedium" INTEGER,
ADD COLUMN     "addressCapPeriod" "CapPeriod",
ADD COLUMN     "addressDigestAtMinute" INTEGER;

-- CreateTable
CREATE TABLE "RecipientCapCount" (
    "tenantId" UUID NOT NULL,
    "cap" TEXT NOT NULL,
    "recipientEmail" TEXT NOT NULL,
    "severity" TEXT NOT NULL,
    "periodStart" TIMESTAMP(3) NOT NULL,
    "sent" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "RecipientCapCount_pkey" PRIMARY KEY ("tenantId","cap","recipientEmail","severity","periodStart")
);

-- CreateIndex
CREATE INDEX "Delivery_coalescedIntoId_idx" ON "Delivery"("coalescedIntoId");

-- CreateIndex
CREATE INDEX "Delivery_digestId_idx" ON "Delivery"("digestId");

-- AddForeignKey
ALTER TABLE "Delivery" ADD CONSTRAINT "Delivery_coalescedIntoId_fkey" FOREIGN KEY ("coalescedIntoId") REFERENCES "Delivery"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Delivery" ADD CONSTRAINT "Delivery_digestId_fkey" FOREIGN KEY ("digestId") REFERENCES "Delivery"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RecipientCapCount" ADD CONSTRAINT "RecipientCapCount_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;
