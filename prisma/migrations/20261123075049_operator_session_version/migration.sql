-- AlterTable
ALTER TABLE "Operator" ADD COLUMN     "sessionVersion" INTEGER NOT NULL DEFAULT 0;
