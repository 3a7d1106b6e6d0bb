/*
  Warnings:

  - A unique constraint covering the columns `[tenantId,entraObjectId]` on the table `User` will be added. If there are existing duplicate values, this will fail.

*/
-- AlterTable
ALTER TABLE "User" ADD COLUMN     "entraObjectId" TEXT;

-- CreateIndex
CREATE UNIQUE INDEX "User_tenantId_entraObjectId_key" ON "User"("tenantId", "entraObjectId");
