/** A write refused by a unique index (SQLite's and PostgreSQL's wording), so a service can answer CONFLICT. */
export function isUniqueViolation(error: unknown): boolean {
  return error instanceof Error && /UNIQUE constraint failed|duplicate key/i.test(error.message);
}
