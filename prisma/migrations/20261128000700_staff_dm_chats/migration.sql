-- AlterEnum
ALTER TYPE "ChatKind" ADD VALUE 'staff_dm';
