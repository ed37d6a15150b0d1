import { isUniqueViolation } from "@conduit/db";

/**
 * Runs an insert whose row may already exist (a follow, a favorite). The primary key decides:
 * doing it twice, or from many requests at once, leaves exactly one row and no error.
 */
export async function ignoreDuplicate(insert: Promise<unknown>): Promise<void> {
  try {
    await insert;
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
  }
}
