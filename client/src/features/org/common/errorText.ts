import type { TFunction } from 'i18next';
import { ApiError } from '../../../lib/api';

/**
 * The Vietnamese (or English) text for a failed request: a context-specific message first
 * (`org.<context>.codes.<CODE>`, e.g. why an endpoint cannot be deleted), then the general one for the
 * code (`org.codes.<CODE>`), then a generic sentence. Field details of a BAD_REQUEST are named.
 */
export function errorText(t: TFunction, error: unknown, context?: string): string {
  const code = error instanceof ApiError ? error.code : 'INTERNAL';
  const general = t(`org.codes.${code}`, { defaultValue: t('org.errors.generic') });
  const text = context ? t(`org.${context}.codes.${code}`, { defaultValue: general }) : general;
  const details = error instanceof ApiError ? (error.details ?? []) : [];
  if (details.length === 0 || code !== 'BAD_REQUEST') return text;
  const fields = [
    ...new Set(details.map((d) => t(`org.fields.${d.path.split('.')[0] ?? ''}`, { defaultValue: d.path }))),
  ];
  return `${text} (${fields.join(', ')})`;
}
