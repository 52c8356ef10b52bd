import type { Role } from '@diem-cau/shared';

/** Socket.IO room names, in one place so every domain broadcasts to the same audience. */
export const rooms = {
  /** Everyone in a live session. */
  session: (sessionId: string) => `session:${sessionId}`,
  /** Everyone of one role in a session (e.g. every endpoint screen, the host consoles). */
  sessionRole: (sessionId: string, role: Role) => `session:${sessionId}:role:${role}`,
  /** One endpoint's screen(s) in a session, and the members checked in there. */
  endpoint: (sessionId: string, endpointId: string) => `session:${sessionId}:endpoint:${endpointId}`,
  /**
   * Every socket of one endpoint, whatever session it is in (joined at connection); rotating the
   * endpoint's key disconnects this room.
   */
  endpointDevice: (endpointId: string) => `endpoint:${endpointId}`,
  /**
   * Every socket of one subject (an account, a member, an endpoint), whatever session it is in
   * (joined at connection); revoking the subject (a member deleted) disconnects this room.
   */
  subject: (subjectId: string) => `subject:${subjectId}`,
  /** One member's phone(s). */
  member: (sessionId: string, memberId: string) => `session:${sessionId}:member:${memberId}`,
};
