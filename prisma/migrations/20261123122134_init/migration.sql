-- CreateEnum
CREATE TYPE "Role" AS ENUM ('GLOBAL_ADMINISTRATOR', 'SECURITY_ADMINISTRATOR', 'SECURITY_OPERATOR', 'SECURITY_READER');

-- CreateEnum
CREATE TYPE "PermissionsModel" AS ENUM ('BASIC', 'RBAC');

-- CreateEnum
CREATE TYPE "Language" AS ENUM ('en', 'nl');

-- CreateEnum
CREATE TYPE "AlertSeverity" AS ENUM ('informational', 'low', 'medium', 'high');

-- CreateTable
CREATE TABLE "Tenant" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "microsoftTenantId" TEXT,
    "defaultLanguage" "Language" NOT NULL DEFAULT 'en',
    "permissionsModel" "PermissionsModel" NOT NULL DEFAULT 'BASIC',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Tenant_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "User" (
    "id" UUID NOT NULL,
    "tenantId" UUID NOT NULL,
    "email" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "passwordHash" TEXT,
    "role" "Role" NOT NULL,
    "language" "Language" NOT NULL DEFAULT 'en',
    "sessionsValidAfter" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "User_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DeviceGroup" (
    "id" UUID NOT NULL,
    "tenantId" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "nameKey" TEXT NOT NULL,
    "rbacGroupId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "DeviceGroup_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "NotificationRule" (
    "id" UUID NOT NULL,
    "tenantId" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "severities" "AlertSeverity"[],
    "allDeviceGroups" BOOLEAN NOT NULL DEFAULT true,
    "allSources" BOOLEAN NOT NULL DEFAULT true,
    "oneNotificationPerIncident" BOOLEAN NOT NULL DEFAULT false,
    "includeOrganizationName" BOOLEAN NOT NULL DEFAULT false,
    "includeTenantPortalLink" BOOLEAN NOT NULL DEFAULT false,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "createdById" UUID,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "updatedById" UUID,

    CONSTRAINT "NotificationRule_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RuleDeviceGroup" (
    "ruleId" UUID NOT NULL,
    "deviceGroupId" UUID NOT NULL,
    "tenantId" UUID NOT NULL,

    CONSTRAINT "RuleDeviceGroup_pkey" PRIMARY KEY ("ruleId","deviceGroupId")
);

-- CreateTable
CREATE TABLE "RuleSourceFilter" (
    "id" UUID NOT NULL,
    "ruleId" UUID NOT NULL,
    "tenantId" UUID NOT NULL,
    "serviceSource" TEXT NOT NULL,
    "detectionSource" TEXT,
    "severities" "AlertSeverity"[],

    CONSTRAINT "RuleSourceFilter_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RuleRecipient" (
    "id" UUID NOT NULL,
    "ruleId" UUID NOT NULL,
    "tenantId" UUID NOT NULL,
    "email" TEXT NOT NULL,
    "language" "Language" NOT NULL,
    "addedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "RuleRecipient_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AuditEntry" (
    "id" UUID NOT NULL,
    "tenantId" UUID NOT NULL,
    "actorId" UUID,
    "actorEmail" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "targetType" TEXT NOT NULL,
    "targetId" TEXT NOT NULL,
    "targetName" TEXT NOT NULL,
    "before" JSONB,
    "after" JSONB,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AuditEntry_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SignInThrottle" (
    "key" TEXT NOT NULL,
    "failures" INTEGER NOT NULL,
    "windowStart" TIMESTAMP(3) NOT NULL,
    "lastFailure" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "SignInThrottle_pkey" PRIMARY KEY ("key")
);

-- CreateIndex
CREATE UNIQUE INDEX "User_email_key" ON "User"("email");

-- CreateIndex
CREATE INDEX "User_tenantId_idx" ON "User"("tenantId");

-- CreateIndex
CREATE UNIQUE INDEX "User_id_tenantId_key" ON "User"("id", "tenantId");

-- CreateIndex
CREATE UNIQUE INDEX "DeviceGroup_id_tenantId_key" ON "DeviceGroup"("id", "tenantId");

-- CreateIndex
CREATE UNIQUE INDEX "DeviceGroup_tenantId_nameKey_key" ON "DeviceGroup"("tenantId", "nameKey");

-- CreateIndex
CREATE UNIQUE INDEX "DeviceGroup_tenantId_rbacGroupId_key" ON "DeviceGroup"("tenantId", "rbacGroupId");

-- CreateIndex
CREATE INDEX "NotificationRule_tenantId_updatedAt_idx" ON "NotificationRule"("tenantId", "updatedAt");

-- CreateIndex
CREATE UNIQUE INDEX "NotificationRule_id_tenantId_key" ON "NotificationRule"("id", "tenantId");

-- CreateIndex
CREATE INDEX "RuleDeviceGroup_deviceGroupId_idx" ON "RuleDeviceGroup"("deviceGroupId");

-- CreateIndex
CREATE INDEX "RuleSourceFilter_ruleId_idx" ON "RuleSourceFilter"("ruleId");

-- CreateIndex
CREATE INDEX "RuleRecipient_tenantId_email_idx" ON "RuleRecipient"("tenantId", "email");

-- CreateIndex
CREATE UNIQUE INDEX "RuleRecipient_ruleId_email_key" ON "RuleRecipient"("ruleId", "email");

-- CreateIndex
CREATE INDEX "AuditEntry_tenantId_createdAt_idx" ON "AuditEntry"("tenantId", "createdAt");

-- CreateIndex
CREATE INDEX "AuditEntry_tenantId_targetType_targetId_idx" ON "AuditEntry"("tenantId", "targetType", "targetId");

-- AddForeignKey
ALTER TABLE "User" ADD CONSTRAINT "User_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DeviceGroup" ADD CONSTRAINT "DeviceGroup_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "NotificationRule" ADD CONSTRAINT "NotificationRule_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "NotificationRule" ADD CONSTRAINT "NotificationRule_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "NotificationRule" ADD CONSTRAINT "NotificationRule_updatedById_fkey" FOREIGN KEY ("updatedById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RuleDeviceGroup" ADD CONSTRAINT "RuleDeviceGroup_ruleId_fkey" FOREIGN KEY ("ruleId") REFERENCES "NotificationRule"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RuleDeviceGroup" ADD CONSTRAINT "RuleDeviceGroup_deviceGroupId_fkey" FOREIGN KEY ("deviceGroupId") REFERENCES "DeviceGroup"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RuleSourceFilter" ADD CONSTRAINT "RuleSourceFilter_ruleId_fkey" FOREIGN KEY ("ruleId") REFERENCES "NotificationRule"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RuleRecipient" ADD CONSTRAINT "RuleRecipient_ruleId_fkey" FOREIGN KEY ("ruleId") REFERENCES "NotificationRule"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AuditEntry" ADD CONSTRAINT "AuditEntry_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;
