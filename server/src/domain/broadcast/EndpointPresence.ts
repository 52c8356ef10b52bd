/** One endpoint connected to a session: its sockets and since when it is connected. */
export interface PresentEndpoint {
  endpointId: string;
  name: string;
  since: number;
  sockets: Set<string>;
}

/**
 * Which endpoints are connected to each live session on this node, kept from session join/leave
 * hooks (an endpoint may have several screens; it is connected while one of them is).
 */
export class EndpointPresence {
  readonly #sessions = new Map<string, Map<string, PresentEndpoint>>();

  join(sessionId: string, endpointId: string, name: string, socketId: string, now = Date.now()): void {
    let endpoints = this.#sessions.get(sessionId);
    if (!endpoints) this.#sessions.set(sessionId, (endpoints = new Map()));
    let entry = endpoints.get(endpointId);
    if (!entry) endpoints.set(endpointId, (entry = { endpointId, name, since: now, sockets: new Set() }));
    entry.sockets.add(socketId);
  }

  /** Returns true when this was the endpoint's last socket. */
  leave(sessionId: string, endpointId: string, socketId: string): boolean {
    const endpoints = this.#sessions.get(sessionId);
    const entry = endpoints?.get(endpointId);
    if (!endpoints || !entry) return false;
    entry.sockets.delete(socketId);
    if (entry.sockets.size > 0) return false;
    endpoints.delete(endpointId);
    if (endpoints.size === 0) this.#sessions.delete(sessionId);
    return true;
  }

  get(sessionId: string, endpointId: string): PresentEndpoint | undefined {
    return this.#sessions.get(sessionId)?.get(endpointId);
  }

  list(sessionId: string): PresentEndpoint[] {
    return [...(this.#sessions.get(sessionId)?.values() ?? [])];
  }

  clear(sessionId: string): void {
    this.#sessions.delete(sessionId);
  }
}
