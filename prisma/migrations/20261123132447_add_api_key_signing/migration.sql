-- AlterTable
ALTER TABLE "ApiKey" ADD COLUMN     "signingSecret" TEXT;

-- CreateTable
CREATE TABLE "SeenSignature" (
    "keyId" UUID NOT NULL,
    "signature" TEXT NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "SeenSignature_pkey" PRIMARY KEY ("keyId","signature")
);

-- CreateIndex
CREATE INDEX "SeenSignature_expiresAt_idx" ON "SeenSignature"("expiresAt");

-- AddForeignKey
ALTER TABLE "SeenSignature" ADD CONSTRAINT "SeenSignature_keyId_fkey" FOREIGN KEY ("keyId") REFERENCES "ApiKey"("id") ON DELETE CASCADE ON UPDATE CASCADE;
