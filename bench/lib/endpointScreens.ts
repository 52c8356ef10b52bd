import { setTimeout as delay } from 'node:timers/promises';
import { API } from '@diem-cau/shared';
import { inBatches } from '../fanout/mediaPieces.js';
import { listOf } from './hallSetup.js';
import { callRoute, hallAddress } from './restCall.js';
import { connectSignal, signal, type SignalSocket } from './signal.js';

/** A little after the code's expiry, so the server has moved to the next step. */
const REFRESH_SLACK_MS = 150;
const RETRY_MS = 1000;
/** Screens signing in at once; the endpoint sign-in route allows 20 attempts in flight per address. */
const LOGINS_AT_ONCE = 8;
const LOGIN_ATTEMPTS = 30;

/**
 * The endpoints' TV screens of a hall set-up: each signs in with its key for the session
 * (`POST /auth/endpoint`), holds its own socket, joins the session and asks for the check-in code
 * to show (`checkin:currentCode`) again when the code expires, as the TV does. `onCodes` gets the
 * codes on the screens (endpoint order) whenever one changes; phones check in with them.
 */
export class EndpointScreens {
  readonly #sockets: SignalSocket[] = [];
  readonly #timers = new Set<NodeJS.Timeout>();
  readonly codes: string[];
  #closed = false;
  /** Code requests that failed (retried after a second). */
  failures = 0;
  /** Sign-ins refused RATE_LIMITED and tried again. */
  loginRetries = 0;

  private constructor(count: number) {
    this.codes = new Array<string>(count).fill('');
  }

  static async open(
    urls: readonly string[],
    shared: Record<string, string>,
    onCodes: (codes: readonly string[]) => void,
  ): Promise<EndpointScreens> {
    const keys = listOf(shared, 'endpointKeys');
    const screens = new EndpointScreens(keys.length);
    const login = async (url: string, endpointKey: string, e: number): Promise<string> => {
      for (let attempt = 1; ; attempt++) {
        try {
          const body = { endpointKey, sessionId: shared.sessionId! };
          const from = { 'x-forwarded-for': hallAddress(e) };
          return (await callRoute(url, API.auth.endpointLogin, { body }, '', from)).token;
        } catch (error) {
          // The route's limit counts sign-ins in flight per address: wait as the TV does and try again.
          if (!(error instanceof Error) || !/429/.test(error.message) || attempt >= LOGIN_ATTEMPTS) throw error;
          screens.loginRetries++;
          await delay(RETRY_MS);
        }
      }
    };
    try {
      await inBatches(keys, LOGINS_AT_ONCE, async (endpointKey, e) => {
        const url = urls[e % urls.length]!;
        const socket = await connectSignal(url, { token: await login(url, endpointKey, e) });
        screens.#sockets.push(socket);
        await signal(socket, 'session:join', { sessionId: shared.sessionId! });
        await screens.#refresh(socket, e, onCodes, false);
      });
    } catch (error) {
      screens.close();
      throw error;
    }
    onCodes(screens.codes);
    return screens;
  }

  async #refresh(
    socket: SignalSocket,
    e: number,
    onCodes: (codes: readonly string[]) => void,
    notify: boolean,
  ): Promise<void> {
    let waitMs = RETRY_MS;
    try {
      const shown = await signal(socket, 'checkin:currentCode', {});
      if (shown.code !== this.codes[e]) {
        this.codes[e] = shown.code;
        if (notify) onCodes(this.codes);
      }
      waitMs = Math.max(100, shown.expiresAt - shown.serverTime + REFRESH_SLACK_MS);
    } catch (error) {
      this.failures++;
      if (!notify) throw error;
    }
    if (this.#closed) return;
    const timer = setTimeout(() => {
      this.#timers.delete(timer);
      void this.#refresh(socket, e, onCodes, true);
    }, waitMs);
    this.#timers.add(timer);
  }

  close(): void {
    this.#closed = true;
    for (const t of this.#timers) clearTimeout(t);
    this.#timers.clear();
    for (const s of this.#sockets.splice(0)) s.close();
  }
}
