-- AlterTable
ALTER TABLE "Alert" ADD COLUMN     "lastUpdateDateTime" TIMESTAMP(3);
