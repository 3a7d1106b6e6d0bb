/*
  Warnings:

  - A unique constraint covering the columns `[microsoftTenantId]` on the table `Tenant` will be added. If there are existing duplicate values, this will fail.

*/
-- CreateIndex
CREATE UNIQUE INDEX "Tenant_microsoftTenantId_key" ON "Tenant"("microsoftTenantId");
