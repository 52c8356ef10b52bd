/** A short text of one value as the log shows it (lists and objects as compact JSON). */
export function showValue(value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'string') return value === '' ? '""' : value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value) && value.every((v) => typeof v === 'string' || typeof v === 'number'))
    return value.length > 3 ? `${value.slice(0, 3).join(', ')} … (${value.length})` : value.join(', ');
  return JSON.stringify(value);
}

/** One line per field: "name: before → after", "name: after" when only the after is known, "name: before →" for a removal. */
export function changeLines(
  before: Record<string, unknown> | null,
  after: Record<string, unknown> | null,
): { field: string; before?: string; after?: string }[] {
  const names = [...new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})])];
  return names.map((field) => ({
    field,
    ...(before && field in before && { before: showValue(before[field]) }),
    ...(after && field in after && { after: showValue(after[field]) }),
  }));
}
