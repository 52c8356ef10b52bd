import type { TFunction } from 'i18next';
import { ApiError } from '../../../lib/api';

/** The Vietnamese (or English) sentence for a failed recording request, by the server's code. */
export function recordingErrorText(t: TFunction, error: unknown): string {
  const code = error instanceof ApiError ? error.code : 'INTERNAL';
  return t(`recording.codes.${code}`, {
    defaultValue: t(`org.codes.${code}`, { defaultValue: t('recording.codes.INTERNAL') }),
  });
}
