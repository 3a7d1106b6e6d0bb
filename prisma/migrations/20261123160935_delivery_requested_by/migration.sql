-- AlterTable
ALTER TABLE "Delivery" ADD COLUMN     "requestedById" UUID;
