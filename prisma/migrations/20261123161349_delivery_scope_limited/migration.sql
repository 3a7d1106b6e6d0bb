-- AlterTable
ALTER TABLE "Delivery" ADD COLUMN     "scopeLimited" BOOLEAN NOT NULL DEFAULT false;

-- Deliveries that already left alerts out were limited.
UPDATE "Delivery" SET "scopeLimited" = true WHERE "filterReason" IS NOT NULL;
