-- CreateEnum
CREATE TYPE "ProviderStatus" AS ENUM ('delivered', 'delayed', 'bounced', 'complained', 'suppressed', 'failed');

-- AlterTable
ALTER TABLE "Delivery" ADD COLUMN     "providerReason" TEXT,
ADD COLUMN     "providerStatus" "ProviderStatus",
ADD COLUMN     "providerStatusAt" TIMESTAMP(3);

-- CreateTable
CREATE TABLE "ProviderEvent" (
    "id" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "deliveryId" UUID,
    "occurredAt" TIMESTAMP(3) NOT NULL,
    "receivedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ProviderEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "UndeliverableAddress" (
    "tenantId" UUID NOT NULL,
    "email" TEXT NOT NULL,
    "status" "ProviderStatus" NOT NULL,
    "reason" TEXT,
    "occurredAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "UndeliverableAddress_pkey" PRIMARY KEY ("tenantId","email")
);

-- CreateIndex
CREATE INDEX "ProviderEvent_receivedAt_idx" ON "ProviderEvent"("receivedAt");

-- AddForeignKey
ALTER TABLE "UndeliverableAddress" ADD CONSTRAINT "UndeliverableAddress_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;
