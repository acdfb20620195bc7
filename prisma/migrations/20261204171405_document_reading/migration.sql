-- AlterTable
ALTER TABLE "documents" ADD COLUMN     "reading" JSONB;
