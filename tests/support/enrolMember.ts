import { randomUUID } from 'node:crypto';
import type { IssuedPin, Member, OrgUnit } from '@diem-cau/shared';
import { api } from './http.js';

/** A member of a new cell of `communeId`, created through the admin REST routes, with a PIN slip. */
export async function enrolMember(
  url: string,
  admin: string,
  communeId: string,
  fullName = 'Trần Thị Học Bù',
): Promise<{ id: string; memberNumber: string; pin: string }> {
  const tag = randomUUID().slice(0, 6);
  const cell = await api<OrgUnit>(url, 'POST', '/api/org/units', admin, {
    parentId: communeId,
    kind: 'cell',
    name: `Chi bộ ${tag}`,
    code: `CB-${tag}`,
  });
  if (cell.status !== 201) throw new Error(`create cell answered ${cell.status}`);
  const memberNumber = `M${tag}`;
  const member = await api<Member>(url, 'POST', '/api/org/members', admin, {
    cellId: cell.body.id,
    fullName,
    memberNumber,
    gender: 'female',
    birthYear: 1985,
  });
  if (member.status !== 201) throw new Error(`create member answered ${member.status}`);
  const pin = await api<IssuedPin>(url, 'POST', `/api/org/members/${member.body.id}/pin`, admin);
  if (pin.status !== 200 && pin.status !== 201) throw new Error(`issue PIN answered ${pin.status}`);
  return { id: member.body.id, memberNumber, pin: pin.body.pin };
}
