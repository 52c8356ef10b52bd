import { performance } from 'node:perf_hooks';
import { setTimeout as delay } from 'node:timers/promises';
import ExcelJS from 'exceljs';
import { API, type PinBatch } from '@diem-cau/shared';
import { listOf } from './hallSetup.js';
import { callRoute } from './restCall.js';

/** A member's PIN slip as the bench's phone holds it; the member sits in endpoint `endpoint`'s hall. */
export interface MemberSlip {
  memberNumber: string;
  pin: string;
  endpoint: number;
}

export interface Enrolment {
  slips: MemberSlip[];
  /** The members' CSV import (admin route), ms. */
  importMs: number;
  /** From the first PIN batch request to the last slip sheet read, ms (the job writes each PIN's keyed hash and the slips). */
  pinMs: number;
  pinsPerSecond: number;
  /** PIN batch status polls answered 500 or 503 (asked again). */
  statusErrors: number;
}

/** An enrolment's figures for a result file (seconds, no slips). */
export interface EnrolmentFigures {
  members: number;
  importSeconds: number;
  pinSeconds: number;
  pinsPerSecond: number;
  statusErrors: number;
}

export const enrolmentFigures = (e: Enrolment): EnrolmentFigures => ({
  members: e.slips.length,
  importSeconds: e.importMs / 1000,
  pinSeconds: e.pinMs / 1000,
  pinsPerSecond: e.pinsPerSecond,
  statusErrors: e.statusErrors,
});

const IMPORT_ROWS = 5_000;
const BATCH_POLL_MS = 250;
const BATCH_TIMEOUT_MS = 30 * 60_000;
/** Member i's card number; unique per run through the hall's tag. */
export const memberNumberOf = (tag: string, i: number): string => `B${tag}-${i}`;

async function upload(url: string, path: string, csv: string, token: string): Promise<void> {
  const form = new FormData();
  form.append('file', new Blob([csv], { type: 'text/csv' }), 'dang-vien.csv');
  const response = await fetch(`${url}/api${path}`, {
    method: 'POST',
    body: form,
    headers: { authorization: `Bearer ${token}` },
  });
  if (!response.ok)
    throw new Error(`POST ${path} answered ${response.status}: ${(await response.text()).slice(0, 300)}`);
}

async function readSlips(
  url: string,
  sheetId: string,
  token: string,
): Promise<{ memberNumber: string; pin: string }[]> {
  const response = await fetch(`${url}/api/org/pin-slips/${sheetId}/xlsx`, {
    headers: { authorization: `Bearer ${token}` },
  });
  if (!response.ok) throw new Error(`PIN slips answered ${response.status}`);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(await response.arrayBuffer());
  // Columns: cell, full name, member number, PIN, member page (the slip sheet's layout).
  return (workbook.worksheets[0]!.getSheetValues().slice(2) as unknown[][])
    .filter((r) => Array.isArray(r))
    .map((r) => ({ memberNumber: String(r[3]), pin: String(r[4]) }));
}

/**
 * Enrols `count` members the way a province's administrator does, through the admin REST routes on
 * `url`: one CSV import of the member lists (member i in endpoint i mod E's commune cell), then a PIN
 * batch per commune (`POST /org/members/pins`, the background job that hashes every PIN), whose
 * one-time slip sheet is downloaded and read. Batches are requested `parallel` at a time.
 */
export async function enrolMembers(
  url: string,
  shared: Record<string, string>,
  count: number,
  options: { parallel?: number; log?: (line: string) => void } = {},
): Promise<Enrolment> {
  const log = options.log ?? (() => undefined);
  const cells = listOf(shared, 'cellCodes');
  const communes = listOf(shared, 'communeIds');
  const { token } = await callRoute(
    url,
    API.auth.login,
    { body: { username: shared.adminUsername!, password: shared.adminPassword! } },
    '',
  );
  const t0 = performance.now();
  const header = 'Họ và tên,Số thẻ đảng viên,Giới tính,Năm sinh,Mã chi bộ';
  for (let from = 0; from < count; from += IMPORT_ROWS) {
    const lines = [header];
    for (let i = from; i < Math.min(count, from + IMPORT_ROWS); i++)
      lines.push(
        `Đảng viên ${i + 1},${memberNumberOf(shared.tag!, i)},${i % 2 ? 'Nữ' : 'Nam'},${1960 + (i % 45)},${cells[i % cells.length]}`,
      );
    await upload(url, '/org/import/members', `${lines.join('\r\n')}\r\n`, token);
  }
  const importMs = performance.now() - t0;
  log(`enrolled ${count} members by CSV import in ${(importMs / 1000).toFixed(1)} s; issuing PINs per commune`);

  const t1 = performance.now();
  const byNumber = new Map<string, MemberSlip>();
  const endpointOf = new Map<string, number>();
  for (let i = 0; i < count; i++) endpointOf.set(memberNumberOf(shared.tag!, i), i % cells.length);
  let next = 0;
  let statusErrors = 0;
  const used = communes.slice(0, Math.min(communes.length, count));
  const lane = async (): Promise<void> => {
    while (next < used.length) {
      const unitId = used[next++]!;
      let batch: PinBatch = await callRoute(url, API.org.issuePins, { body: { unitId } }, token);
      const deadline = performance.now() + BATCH_TIMEOUT_MS;
      while (batch.state !== 'done' && batch.state !== 'failed') {
        if (performance.now() > deadline) throw new Error(`PIN batch ${batch.batchId} not done in time`);
        await delay(BATCH_POLL_MS);
        // The status route may answer 500 just as the batch completes (PinBatches.status reads the
        // job's result before it is set), or 503 while the store is busy: the administrator's screen
        // asks again; counted.
        const polled = await callRoute(url, API.org.pinBatch, { params: { id: batch.batchId } }, token).catch(
          (error: unknown) => {
            if (!(error instanceof Error) || !/answered (500|503)/.test(error.message)) throw error;
            statusErrors++;
            return batch;
          },
        );
        batch = polled;
      }
      if (batch.state === 'failed' || !batch.sheetId) throw new Error(`PIN batch for ${unitId} failed`);
      for (const s of await readSlips(url, batch.sheetId, token)) {
        const endpoint = endpointOf.get(s.memberNumber);
        if (endpoint !== undefined) byNumber.set(s.memberNumber, { ...s, endpoint });
      }
      if (byNumber.size % 5000 < 200) log(`PINs issued: ${byNumber.size} of ${count}`);
    }
  };
  await Promise.all(Array.from({ length: options.parallel ?? 2 }, lane));
  const pinMs = performance.now() - t1;
  const slips = Array.from({ length: count }, (_, i) => byNumber.get(memberNumberOf(shared.tag!, i)));
  const missing = slips.filter((s) => !s).length;
  if (missing > 0) throw new Error(`${missing} members got no PIN slip`);
  return { slips: slips as MemberSlip[], importMs, pinMs, pinsPerSecond: count / (pinMs / 1000), statusErrors };
}
