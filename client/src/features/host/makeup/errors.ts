import type { TFunction } from 'i18next';
import { ApiError } from '../../../lib/api';

/** The sentence for a failed make-up study request, by the server's code (org's generic ones as fallback). */
export function makeupErrorText(t: TFunction, error: unknown): string {
  const code = error instanceof ApiError ? error.code : 'INTERNAL';
  return t(`makeupHost.codes.${code}`, {
    defaultValue: t(`org.codes.${code}`, { defaultValue: t('makeupHost.codes.INTERNAL') }),
  });
}
