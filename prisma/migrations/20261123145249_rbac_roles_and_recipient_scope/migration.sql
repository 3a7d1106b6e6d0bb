-- CreateEnum
CREATE TYPE "RbacPermission" AS ENUM ('viewIncidents', 'manageSecuritySettings');

-- AlterEnum
ALTER TYPE "DeliveryStatus" ADD VALUE 'filtered';

-- AlterTable
ALTER TABLE "Delivery" ADD COLUMN     "alertExternalIds" TEXT[],
ADD COLUMN     "deviceGroupIds" TEXT[],
ADD COLUMN     "filterReason" TEXT,
ADD COLUMN     "withheldAlertCount" INTEGER NOT NULL DEFAULT 0;

-- CreateTable
CREATE TABLE "RbacRole" (
    "id" UUID NOT NULL,
    "tenantId" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "nameKey" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "permissions" "RbacPermission"[],
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "RbacRole_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RbacRoleDeviceGroup" (
    "roleId" UUID NOT NULL,
    "deviceGroupId" UUID NOT NULL,
    "tenantId" UUID NOT NULL,

    CONSTRAINT "RbacRoleDeviceGroup_pkey" PRIMARY KEY ("roleId","deviceGroupId")
);

-- CreateTable
CREATE TABLE "UserRbacRole" (
    "userId" UUID NOT NULL,
    "roleId" UUID NOT NULL,
    "tenantId" UUID NOT NULL,

    CONSTRAINT "UserRbacRole_pkey" PRIMARY KEY ("userId","roleId")
);

-- CreateIndex
CREATE UNIQUE INDEX "RbacRole_id_tenantId_key" ON "RbacRole"("id", "tenantId");

-- CreateIndex
CREATE UNIQUE INDEX "RbacRole_tenantId_nameKey_key" ON "RbacRole"("tenantId", "nameKey");

-- CreateIndex
CREATE INDEX "RbacRoleDeviceGroup_deviceGroupId_idx" ON "RbacRoleDeviceGroup"("deviceGroupId");

-- CreateIndex
CREATE INDEX "UserRbacRole_roleId_idx" ON "UserRbacRole"("roleId");

-- AddForeignKey
ALTER TABLE "RbacRole" ADD CONSTRAINT "RbacRole_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RbacRoleDeviceGroup" ADD CONSTRAINT "RbacRoleDeviceGroup_roleId_fkey" FOREIGN KEY ("roleId") REFERENCES "RbacRole"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RbacRoleDeviceGroup" ADD CONSTRAINT "RbacRoleDeviceGroup_deviceGroupId_fkey" FOREIGN KEY ("deviceGroupId") REFERENCES "DeviceGroup"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "UserRbacRole" ADD CONSTRAINT "UserRbacRole_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "UserRbacRole" ADD CONSTRAINT "UserRbacRole_roleId_fkey" FOREIGN KEY ("roleId") REFERENCES "RbacRole"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Backfill: deliveries written before recipient scoping showed every alert of their event and every
-- device group of those alerts; record exactly that, so a queued one renders as it would have.
UPDATE "Delivery" AS d
SET "alertExternalIds" = e."alertExternalIds",
    "deviceGroupIds" = COALESCE((
      SELECT array_agg(DISTINCT g)
      FROM "Alert" AS a, unnest(a."deviceGroupIds") AS g
      WHERE a."incidentId" = d."incidentId" AND a."externalId" = ANY (e."alertExternalIds")
    ), '{}')
FROM "IncidentEvent" AS e
WHERE d."eventId" = e."id";

UPDATE "Delivery" SET "alertExternalIds" = '{}' WHERE "alertExternalIds" IS NULL;
UPDATE "Delivery" SET "deviceGroupIds" = '{}' WHERE "deviceGroupIds" IS NULL;
