import { i18n } from '../../../i18n';

/** Clock time in the UI language (HH:MM:SS). */
export function formatTime(epochMs: number): string {
  return new Intl.DateTimeFormat(i18n.language, { hour: '2-digit', minute: '2-digit', second: '2-digit' }).format(
    epochMs,
  );
}
