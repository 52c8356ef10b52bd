import { RECORDING_FILE_NAME } from '@diem-cau/shared';
import { recordingErrors } from './errors.js';

/**
 * The files a recording offers, by name: one-file renditions of the main track (`archive.webm` top
 * layer, `phone.webm` lowest layer), one file per run of a side track (`screen-3.webm`, `floor-1.webm`)
 * and the one-file download (`download.mkv`). Their keys in the file store sit beside the segments.
 */
export const fileKey = (recordingId: string, name: string): string => {
  if (!RECORDING_FILE_NAME.test(name)) throw recordingErrors.noSuchFile();
  return `recordings/${recordingId}/${name}`;
};

export const clipName = (track: 'screen' | 'floor', run: number): string => `${track}-${run}.webm`;

export const CONTENT_TYPES: Record<string, string> = { webm: 'video/webm', mkv: 'video/x-matroska' };

export const contentTypeOf = (name: string): string =>
  CONTENT_TYPES[name.split('.').pop() ?? ''] ?? 'application/octet-stream';
