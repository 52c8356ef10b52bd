/** The member page's address with the session, endpoint and code filled in (what the QR encodes). */
export function checkinLink(origin: string, sessionId: string, endpointId: string, code: string): string {
  const params = new URLSearchParams({ session: sessionId, endpoint: endpointId, code });
  return `${origin}/member?${params.toString()}`;
}
