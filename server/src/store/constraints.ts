/** A write refused by a unique index (SQLite's wording, PostgreSQL's code 23505), so a service can answer CONFLICT. */
export function isUniqueViolation(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if ((error as { code?: unknown }).code === '23505') return true;
  return /UNIQUE constraint failed|duplicate key/i.test(error.message);
}
