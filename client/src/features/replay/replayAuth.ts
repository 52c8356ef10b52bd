import { isStaff, type Identity } from '@diem-cau/shared';
import { storedHostSignIn } from '../host/broadcast/hostAuth';
import { storedMemberSignIn } from '../member/memberAuth';
import { storedStaffSignIn } from '../reports/staffAuth';

export interface ReplayViewer {
  token: string;
  identity: Identity;
}

/**
 * Who watches, from what this tab already signed in: the host console's or the admin area's staff
 * token first (staff may download), else the member page's token (make-up study). Null: nobody yet.
 */
export function storedViewer(): ReplayViewer | null {
  return storedHostSignIn() ?? storedStaffSignIn() ?? storedMemberSignIn();
}

export function isStaffViewer(viewer: ReplayViewer): boolean {
  return isStaff(viewer.identity.role);
}
