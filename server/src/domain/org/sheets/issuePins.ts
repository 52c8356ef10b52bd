import type { Database } from '../../../store/database.js';
import { generatePin } from '../../../auth/passwords.js';
import type { PinHashes } from '../../../auth/pinHashes.js';
import type { PinSlip } from './pinSlips.js';

/** Members written per transaction. */
const CHUNK = 500;

/** Cells under (or equal to) a unit of any level, from the whole tree (a province has a few thousand units). */
export async function cellsUnder(db: Database, unitId: string): Promise<Map<string, string>> {
  const units = await db.selectFrom('org_units').select(['id', 'parent_id', 'kind', 'name']).execute();
  const children = new Map<string, typeof units>();
  for (const u of units) if (u.parent_id) children.set(u.parent_id, [...(children.get(u.parent_id) ?? []), u]);
  const cells = new Map<string, string>();
  const stack = units.filter((u) => u.id === unitId);
  while (stack.length > 0) {
    const unit = stack.pop()!;
    if (unit.kind === 'cell') cells.set(unit.id, unit.name);
    stack.push(...(children.get(unit.id) ?? []));
  }
  return cells;
}

/**
 * New PINs for the chosen members (archived ones left out), sorted by cell then name. Each chunk's
 * hashes are written in one transaction, so a crash leaves every member with either the old or the
 * new PIN, never neither; the new PINs exist only in the returned slips.
 */
export async function issuePins(
  db: Database,
  pins: PinHashes,
  selection: { unitId?: string; memberIds?: string[] },
  progress: (share: number) => Promise<void>,
): Promise<PinSlip[]> {
  let members: { id: string; full_name: string; member_number: string; cell_id: string }[] = [];
  const cellNames = new Map<string, string>();
  if (selection.unitId) {
    const cells = await cellsUnder(db, selection.unitId);
    for (const [id, name] of cells) cellNames.set(id, name);
    const ids = [...cells.keys()];
    for (let i = 0; i < ids.length; i += 500) {
      members.push(
        ...(await db
          .selectFrom('members')
          .select(['id', 'full_name', 'member_number', 'cell_id'])
          .where('cell_id', 'in', ids.slice(i, i + 500))
          .where('archived_at', 'is', null)
          .execute()),
      );
    }
  } else if (selection.memberIds?.length) {
    const ids = selection.memberIds;
    for (let i = 0; i < ids.length; i += 500) {
      members.push(
        ...(await db
          .selectFrom('members')
          .select(['id', 'full_name', 'member_number', 'cell_id'])
          .where('id', 'in', ids.slice(i, i + 500))
          .where('archived_at', 'is', null)
          .execute()),
      );
    }
    const cells = [...new Set(members.map((m) => m.cell_id))];
    for (let i = 0; i < cells.length; i += 500) {
      for (const c of await db
        .selectFrom('org_units')
        .select(['id', 'name'])
        .where('id', 'in', cells.slice(i, i + 500))
        .execute())
        cellNames.set(c.id, c.name);
    }
  }
  members = members.sort(
    (a, b) =>
      (cellNames.get(a.cell_id) ?? '').localeCompare(cellNames.get(b.cell_id) ?? '', 'vi') ||
      a.full_name.localeCompare(b.full_name, 'vi'),
  );

  const slips: PinSlip[] = [];
  for (let i = 0; i < members.length; i += CHUNK) {
    const chunk = members.slice(i, i + CHUNK);
    const issued = chunk.map((m) => {
      const pin = generatePin();
      return {
        id: m.id,
        hash: pins.hash(pin),
        slip: { cell: cellNames.get(m.cell_id) ?? '', fullName: m.full_name, memberNumber: m.member_number, pin },
      };
    });
    const written = new Set<string>();
    await db.transaction().execute(async (trx) => {
      for (const x of issued) {
        // A member archived while the batch ran gets no PIN, and no slip.
        const r = await trx
          .updateTable('members')
          .set({ pin_hash: x.hash })
          .where('id', '=', x.id)
          .where('archived_at', 'is', null)
          .executeTakeFirst();
        if (Number(r.numUpdatedRows) === 1) written.add(x.id);
      }
    });
    slips.push(...issued.filter((x) => written.has(x.id)).map((x) => x.slip));
    await progress(Math.round(((i + chunk.length) / members.length) * 95));
  }
  return slips;
}
