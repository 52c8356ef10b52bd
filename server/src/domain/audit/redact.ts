/** Field names that hold a secret (PINs, keys, passwords and their hashes, tokens): never written to the log. */
const SECRET_NAME = /password|secret|token|hash|^(pin|newPin|currentPin|key|endpointKey|apiKey|pairingLink)$/i;

type Change = Record<string, unknown>;

/** A copy of `value` without any field (at any depth) whose name says it holds a secret. */
export function redact(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redact);
  if (value === null || typeof value !== 'object') return value;
  const out: Change = {};
  for (const [name, field] of Object.entries(value)) {
    if (SECRET_NAME.test(name) || field === undefined) continue;
    out[name] = redact(field);
  }
  return out;
}

/**
 * The fields that differ between two states of an object, as `{ before, after }` holding only those
 * fields (so an entry says what changed, not the whole row).
 */
export function changedFields(before: Change, after: Change): { before: Change; after: Change } {
  const names = new Set([...Object.keys(before), ...Object.keys(after)]);
  const b: Change = {};
  const a: Change = {};
  for (const name of names) {
    if (JSON.stringify(before[name]) === JSON.stringify(after[name])) continue;
    b[name] = before[name] ?? null;
    a[name] = after[name] ?? null;
  }
  return { before: b, after: a };
}
