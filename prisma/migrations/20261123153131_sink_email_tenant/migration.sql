-- AlterTable
ALTER TABLE "SinkEmail" ADD COLUMN     "tenantId" UUID;

-- CreateIndex
CREATE INDEX "SinkEmail_tenantId_receivedAt_idx" ON "SinkEmail"("tenantId", "receivedAt");

-- AddForeignKey
ALTER TABLE "SinkEmail" ADD CONSTRAINT "SinkEmail_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Backfill: an email already in the sink belongs to the tenant of the delivery its `delivery_id` tag names.
-- Emails without a known delivery keep a null tenant and are shown to no tenant.
UPDATE "SinkEmail" AS s
SET "tenantId" = d."tenantId"
FROM (
  SELECT e."id", tag->>'value' AS "deliveryId"
  FROM "SinkEmail" AS e,
       jsonb_array_elements(CASE WHEN jsonb_typeof(e."tags") = 'array' THEN e."tags" ELSE '[]'::jsonb END) AS tag
  WHERE tag->>'name' = 'delivery_id'
) AS t
JOIN "Delivery" AS d ON d."id"::text = lower(t."deliveryId")
WHERE s."id" = t."id";
