import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Recording, RecordingSummary } from '@diem-cau/shared';
import { api, waitFor } from './http.js';

export { ffprobe, type Probe } from '../../bench/lib/ffprobe.js';

/** The session's recording once its job made it ready (the list is what the host's console reads). */
export async function readyRecording(baseUrl: string, token: string, sessionId: string, timeoutMs = 90_000) {
  const summary = await waitFor(
    async () => {
      const list = await api<RecordingSummary[]>(baseUrl, 'GET', `/api/sessions/${sessionId}/recordings`, token);
      const row = list.body?.[0];
      if (row?.state === 'failed') throw new Error(`the recording failed: ${JSON.stringify(row)}`);
      return row?.state === 'ready' ? row : undefined;
    },
    timeoutMs,
    500,
  );
  const manifest = await api<Recording>(baseUrl, 'GET', `/api/recordings/${summary.id}`, token);
  if (manifest.status !== 200) throw new Error(`GET recording answered ${manifest.status}`);
  return manifest.body;
}

/** Fetches a file of the manifest through its signed link (as a <video> does) into `dir`. */
export async function fetchRecordingFile(baseUrl: string, url: string, dir: string, name: string): Promise<string> {
  const res = await fetch(`${baseUrl}/api${url}`);
  if (res.status !== 200) throw new Error(`GET ${name} answered ${res.status}`);
  const file = path.join(dir, name);
  await writeFile(file, Buffer.from(await res.arrayBuffer()));
  return file;
}
