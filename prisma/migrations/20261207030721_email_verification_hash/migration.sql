-- AlterTable
ALTER TABLE "email_verifications" ADD COLUMN     "email_hash" TEXT;

-- CreateIndex
CREATE INDEX "email_verifications_email_hash_idx" ON "email_verifications"("email_hash");
