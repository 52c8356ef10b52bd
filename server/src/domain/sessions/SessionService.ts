import { isStaff } from '@diem-cau/shared';
import { randomUUID } from 'node:crypto';
import type { Selectable, Transaction } from 'kysely';
import type {
  CreateSessionRequest,
  Identity,
  InviteRequest,
  InviteResponse,
  InvitedEndpoint,
  ScheduleSessionRequest,
  Session,
  SessionStatus,
  UpdateSessionRequest,
} from '@diem-cau/shared';
import type { AppContext } from '../../context/types.js';
import type { Database, Executor } from '../../store/database.js';
import type { DatabaseSchema, SessionTable } from '../../store/schema.js';
import { freeSessionCode, SESSION_CODE_PATTERN } from './sessionCodes.js';
import { assertTransition, isEditable } from './transitions.js';
import { SessionHooks } from './hooks.js';
import { sessionErrors } from './errors.js';
import { orgErrors, orgQueries } from '../org/index.js';
import { changedFields, type AuditLog, type AuditRecord } from '../audit/index.js';

export interface SessionRecord {
  id: string;
  title: string;
  resolution: string;
  status: SessionStatus;
  scheduledStart: string | null;
  scheduledEnd: string | null;
  startedAt: string | null;
  endedAt: string | null;
  hostAccountId: string;
  attendanceThreshold: number;
  createdAt: string;
  /** Short numeric code typed instead of the id. */
  code: string | null;
}

export type { JoinEvent, LeaveEvent, StatusChange } from './hooks.js';

/** May `actor` run (start, end) this session though not its host? */
export type SessionDelegate = (actor: Identity, sessionId: string) => Promise<boolean>;

const iso = (value: string): string => new Date(value).toISOString();

/**
 * Sessions: what they are, who is invited, and their status. Other domains use `getSession`,
 * `isInvited`, `listInvitedEndpoints` and the hooks (`hooks.onJoin/onLeave/onStatusChange`).
 */
export class SessionService {
  readonly hooks = new SessionHooks();
  readonly #ctx: AppContext;
  readonly #db: Database;
  readonly #audit: AuditLog;
  readonly #delegates: SessionDelegate[] = [];

  constructor(ctx: AppContext, deps: { audit: AuditLog }) {
    this.#ctx = ctx;
    this.#db = ctx.db;
    this.#audit = deps.audit;
  }

  /** Appends to the audit log, in `trx` when given; `address` is where the actor's request came from. */
  #record(
    actor: Identity,
    address: string | null,
    entry: Omit<AuditRecord, 'actor' | 'target'> & { sessionId: string },
    trx?: Transaction<DatabaseSchema>,
  ): Promise<void> {
    const { sessionId, ...rest } = entry;
    return this.#audit.record(
      { ...rest, actor: { identity: actor, address }, target: { type: 'session', id: sessionId } },
      trx,
    );
  }

  async getSession(id: string, db: Executor = this.#db): Promise<SessionRecord | undefined> {
    const row = await db.selectFrom('sessions').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toRecord(row);
  }

  /** The session a short code names (anyone may look it up: it tells only what a slide shows). */
  async findByCode(code: string): Promise<Pick<SessionRecord, 'id' | 'title' | 'status' | 'code'>> {
    if (!SESSION_CODE_PATTERN.test(code)) throw sessionErrors.malformedCode();
    const row = await this.#db
      .selectFrom('sessions')
      .select(['id', 'title', 'status', 'code'])
      .where('code', '=', code)
      .executeTakeFirst();
    if (!row) throw sessionErrors.codeNotFound();
    return { id: row.id, title: row.title, status: row.status, code: row.code ?? null };
  }

  async requireSession(id: string): Promise<SessionRecord> {
    const session = await this.getSession(id);
    if (!session) throw sessionErrors.notFound();
    return session;
  }

  async isInvited(sessionId: string, endpointId: string): Promise<boolean> {
    const row = await this.#db
      .selectFrom('session_invites')
      .select('endpoint_id')
      .where('session_id', '=', sessionId)
      .where('endpoint_id', '=', endpointId)
      .executeTakeFirst();
    return row !== undefined;
  }

  async invitedEndpointCount(sessionId: string): Promise<number> {
    const row = await this.#db
      .selectFrom('session_invites')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('session_id', '=', sessionId)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  /** Invited endpoints with their commune and district (for panels and reports). */
  async listInvitedEndpoints(sessionId: string): Promise<InvitedEndpoint[]> {
    const rows = await this.#db
      .selectFrom('session_invites as i')
      // org's read model of where each endpoint stands
      .innerJoin('endpoint_places as p', 'p.endpoint_id', 'i.endpoint_id')
      .select([
        'p.endpoint_id',
        'p.endpoint_name',
        'p.commune_id as unit_id',
        'p.commune_name as unit_name',
        'p.district_id',
        'p.district_name',
      ])
      .where('i.session_id', '=', sessionId)
      .orderBy('p.commune_code')
      .execute();
    return rows.map((r) => ({
      endpointId: r.endpoint_id,
      endpointName: r.endpoint_name,
      unitId: r.unit_id,
      unitName: r.unit_name,
      districtId: r.district_id,
      districtName: r.district_name,
    }));
  }

  /** Admins manage every session; a host manages the sessions it hosts. */
  /** Lets a later domain have an identity run a session it holds (an endpoint its hall make-up). */
  addDelegate(delegate: SessionDelegate): void {
    this.#delegates.push(delegate);
  }

  /**
   * A session held by someone other than a host (an endpoint's hall make-up): created scheduled from
   * now, with the one endpoint invited, audited as `requestedBy`'s; its host is `hostAccountId`.
   */
  async createHeld(
    requestedBy: Identity,
    input: {
      hostAccountId: string;
      title: string;
      resolution: string;
      attendanceThreshold: number;
      endpointId: string;
      scheduledEnd: string;
    },
  ): Promise<Session> {
    const id = randomUUID();
    const now = new Date().toISOString();
    return this.#db.transaction().execute(async (trx) => {
      await trx
        .insertInto('sessions')
        .values({
          id,
          code: await freeSessionCode(trx),
          title: input.title,
          resolution: input.resolution,
          status: 'scheduled',
          scheduled_start: now,
          scheduled_end: input.scheduledEnd,
          started_at: null,
          ended_at: null,
          host_account_id: input.hostAccountId,
          attendance_threshold: input.attendanceThreshold,
          created_at: now,
        })
        .execute();
      await trx
        .insertInto('session_invites')
        .values({ session_id: id, endpoint_id: input.endpointId, invited_at: now })
        .execute();
      const created = await this.get(id, trx);
      await this.#record(
        requestedBy,
        null,
        { action: 'session.create', sessionId: id, after: auditedRecord(created) },
        trx,
      );
      return created;
    });
  }

  canManage(identity: Identity, session: Pick<SessionRecord, 'hostAccountId'>): boolean {
    return identity.role === 'admin' || (isStaff(identity.role) && identity.subject === session.hostAccountId);
  }

  async list(filter: { status?: SessionStatus }): Promise<Session[]> {
    let q = this.#sessionQuery();
    if (filter.status) q = q.where('s.status', '=', filter.status);
    const rows = await q.orderBy('s.created_at', 'desc').execute();
    return rows.map(toApi);
  }

  async get(id: string, db: Executor = this.#db): Promise<Session> {
    const row = await this.#sessionQuery(db).where('s.id', '=', id).executeTakeFirst();
    if (!row) throw sessionErrors.notFound();
    return toApi(row);
  }

  async create(actor: Identity, input: CreateSessionRequest, address: string | null = null): Promise<Session> {
    const hostAccountId = input.hostAccountId ?? actor.subject;
    await this.#assertHostAccount(actor, hostAccountId);
    assertTimes(input.scheduledStart ?? null, input.scheduledEnd ?? null);
    const id = randomUUID();
    // Each change and its audit entry stand or fall together.
    return this.#db.transaction().execute(async (trx) => {
      await trx
        .insertInto('sessions')
        .values({
          id,
          code: await freeSessionCode(trx),
          title: input.title,
          resolution: input.resolution,
          status: 'draft',
          scheduled_start: input.scheduledStart ? iso(input.scheduledStart) : null,
          scheduled_end: input.scheduledEnd ? iso(input.scheduledEnd) : null,
          started_at: null,
          ended_at: null,
          host_account_id: hostAccountId,
          attendance_threshold: input.attendanceThreshold ?? 0.8,
          created_at: new Date().toISOString(),
        })
        .execute();
      const created = await this.get(id, trx);
      await this.#record(
        actor,
        address,
        { action: 'session.create', sessionId: id, after: auditedRecord(created) },
        trx,
      );
      return created;
    });
  }

  async update(
    actor: Identity,
    id: string,
    input: UpdateSessionRequest,
    address: string | null = null,
  ): Promise<Session> {
    const session = await this.requireManaged(actor, id);
    if (!isEditable(session.status)) throw sessionErrors.notEditable(session.status);
    if (input.hostAccountId !== undefined) await this.#assertHostAccount(actor, input.hostAccountId);
    const start = input.scheduledStart === undefined ? session.scheduledStart : input.scheduledStart;
    const end = input.scheduledEnd === undefined ? session.scheduledEnd : input.scheduledEnd;
    assertTimes(start, end);
    if (session.status === 'scheduled' && (!start || !end)) throw sessionErrors.scheduledNeedsTimes();
    return this.#db.transaction().execute(async (trx) => {
      const result = await trx
        .updateTable('sessions')
        .set({
          ...(input.title !== undefined && { title: input.title }),
          ...(input.resolution !== undefined && { resolution: input.resolution }),
          ...(input.hostAccountId !== undefined && { host_account_id: input.hostAccountId }),
          ...(input.attendanceThreshold !== undefined && { attendance_threshold: input.attendanceThreshold }),
          scheduled_start: start ? iso(start) : null,
          scheduled_end: end ? iso(end) : null,
        })
        .where('id', '=', id)
        .where('status', 'in', ['draft', 'scheduled'])
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) !== 1) throw sessionErrors.changedMeanwhile();
      const updated = await this.get(id, trx);
      await this.#record(
        actor,
        address,
        { action: 'session.update', sessionId: id, ...changedFields(auditedRecord(session), auditedRecord(updated)) },
        trx,
      );
      return updated;
    });
  }

  /** draft → scheduled with the given times; while scheduled, moves the times. */
  async schedule(
    actor: Identity,
    id: string,
    input: ScheduleSessionRequest,
    address: string | null = null,
  ): Promise<Session> {
    const session = await this.requireManaged(actor, id);
    if (session.status !== 'scheduled') assertTransition(session.status, 'scheduled');
    return this.#db.transaction().execute(async (trx) => {
      const result = await trx
        .updateTable('sessions')
        .set({
          status: 'scheduled',
          scheduled_start: iso(input.scheduledStart),
          scheduled_end: iso(input.scheduledEnd),
        })
        .where('id', '=', id)
        .where('status', 'in', ['draft', 'scheduled'])
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) !== 1) throw sessionErrors.changedMeanwhile();
      const scheduled = await this.get(id, trx);
      await this.#record(
        actor,
        address,
        {
          action: 'session.schedule',
          sessionId: id,
          ...changedFields(
            { status: session.status, scheduledStart: session.scheduledStart, scheduledEnd: session.scheduledEnd },
            {
              status: scheduled.status,
              scheduledStart: scheduled.scheduledStart,
              scheduledEnd: scheduled.scheduledEnd,
            },
          ),
        },
        trx,
      );
      return scheduled;
    });
  }

  /** Adds endpoints to the invitation list (already invited ones are kept, not duplicated). */
  async invite(
    actor: Identity,
    id: string,
    input: InviteRequest,
    address: string | null = null,
  ): Promise<InviteResponse> {
    const session = await this.requireManaged(actor, id);
    if (session.status === 'ended') throw sessionErrors.endedTakesNoInvitations();
    let endpointIds: string[];
    if ('endpointIds' in input) {
      const unique = [...new Set(input.endpointIds)];
      const found = await this.#db
        .selectFrom('endpoint_places')
        .select(['endpoint_id as id', 'archived_at'])
        .where('endpoint_id', 'in', unique)
        .execute();
      if (found.length !== unique.length) {
        const known = new Set(found.map((r) => r.id));
        throw sessionErrors.unknownEndpoints(unique.filter((e) => !known.has(e)));
      }
      // An archived endpoint keeps its past invitations but gets no new one.
      const archived = found.filter((r) => r.archived_at !== null).map((r) => r.id);
      if (archived.length > 0) throw orgErrors.archivedEndpointsSelected(archived);
      endpointIds = unique;
    } else if ('districtId' in input) {
      if ((await orgQueries.unitKind(this.#db, input.districtId)) !== 'district') throw orgErrors.districtNotFound();
      const rows = await this.#db
        .selectFrom('endpoint_places')
        .select('endpoint_id')
        .where('district_id', '=', input.districtId)
        .where('archived_at', 'is', null)
        .execute();
      endpointIds = rows.map((r) => r.endpoint_id);
    } else {
      endpointIds = (
        await this.#db.selectFrom('endpoint_places').select('endpoint_id').where('archived_at', 'is', null).execute()
      ).map((r) => r.endpoint_id);
    }
    const invitedAt = new Date().toISOString();
    let added = 0;
    await this.#db.transaction().execute(async (trx) => {
      for (let i = 0; i < endpointIds.length; i += 400) {
        const chunk = endpointIds
          .slice(i, i + 400)
          .map((endpointId) => ({ session_id: id, endpoint_id: endpointId, invited_at: invitedAt }));
        const result = await trx
          .insertInto('session_invites')
          .values(chunk)
          .onConflict((oc) => oc.doNothing())
          .executeTakeFirst();
        added += Number(result.numInsertedOrUpdatedRows ?? 0n);
      }
      if (added > 0)
        await this.#record(
          actor,
          address,
          {
            action: 'session.invite',
            sessionId: id,
            after: {
              added,
              ...('endpointIds' in input
                ? { endpointIds: endpointIds }
                : 'districtId' in input
                  ? { districtId: input.districtId }
                  : { all: true }),
            },
          },
          trx,
        );
    });
    return { added, invitedEndpointCount: await this.invitedEndpointCount(id) };
  }

  async uninvite(
    actor: Identity,
    id: string,
    endpointId: string,
    address: string | null = null,
  ): Promise<InviteResponse> {
    const session = await this.requireManaged(actor, id);
    if (session.status === 'ended') throw sessionErrors.endedKeepsInvitations();
    const removed = await this.#db.transaction().execute(async (trx) => {
      const result = await trx
        .deleteFrom('session_invites')
        .where('session_id', '=', id)
        .where('endpoint_id', '=', endpointId)
        .executeTakeFirst();
      const count = Number(result.numDeletedRows);
      if (count > 0)
        await this.#record(
          actor,
          address,
          {
            action: 'session.uninvite',
            sessionId: id,
            before: { endpointId, invited: true },
            after: { endpointId, invited: false },
          },
          trx,
        );
      return count;
    });
    return { added: -removed, invitedEndpointCount: await this.invitedEndpointCount(id) };
  }

  start(actor: Identity, id: string, address: string | null = null): Promise<Session> {
    return this.#transition(actor, id, 'live', address);
  }

  end(actor: Identity, id: string, address: string | null = null): Promise<Session> {
    return this.#transition(actor, id, 'ended', address);
  }

  /**
   * Changes the status in one transaction with the status hooks (so e.g. attendance closes its
   * intervals atomically with the end) and its audit entry, then tells the session room.
   */
  async #transition(actor: Identity, id: string, to: 'live' | 'ended', address: string | null): Promise<Session> {
    const session = await this.requireManaged(actor, id);
    assertTransition(session.status, to);
    const at = new Date().toISOString();
    await this.#db.transaction().execute(async (trx: Transaction<DatabaseSchema>) => {
      const result = await trx
        .updateTable('sessions')
        .set(to === 'live' ? { status: 'live', started_at: at } : { status: 'ended', ended_at: at })
        .where('id', '=', id)
        .where('status', '=', session.status)
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) !== 1) throw sessionErrors.changedMeanwhile();
      await this.hooks.runStatusChange({ sessionId: id, from: session.status, to, at }, trx);
      await this.#record(
        actor,
        address,
        {
          action: to === 'live' ? 'session.start' : 'session.end',
          sessionId: id,
          before: { status: session.status },
          after: to === 'live' ? { status: to, startedAt: at } : { status: to, endedAt: at },
        },
        trx,
      );
    });
    const updated = await this.get(id);
    this.#ctx.live.emit({ session: id }, 'session:status', {
      sessionId: id,
      status: updated.status,
      startedAt: updated.startedAt,
      endedAt: updated.endedAt,
    });
    this.#ctx.log.info({ module: 'sessions', sessionId: id, status: to, by: actor.subject }, 'session status changed');
    return updated;
  }

  /** The session, when the actor manages it (its host, or an admin); FORBIDDEN otherwise. */
  async requireManaged(actor: Identity, id: string): Promise<SessionRecord> {
    const session = await this.requireSession(id);
    if (this.canManage(actor, session)) return session;
    for (const delegate of this.#delegates) if (await delegate(actor, session.id)) return session;
    throw sessionErrors.notManager();
  }

  async #assertHostAccount(actor: Identity, hostAccountId: string): Promise<void> {
    if (actor.role !== 'admin' && hostAccountId !== actor.subject) throw sessionErrors.onlyAdminNamesHost();
    const account = await this.#db
      .selectFrom('account_names')
      .select('role')
      .where('account_id', '=', hostAccountId)
      .executeTakeFirst();
    if (!account) throw sessionErrors.hostNotAnAccount();
  }

  #sessionQuery(db: Executor = this.#db) {
    return db
      .selectFrom('sessions as s')
      .innerJoin('account_names as a', 'a.account_id', 's.host_account_id')
      .selectAll('s')
      .select((eb) => [
        'a.display_name as host_name',
        eb
          .selectFrom('session_invites as i')
          .select(eb.fn.countAll<number>().as('n'))
          .whereRef('i.session_id', '=', 's.id')
          .as('invited_count'),
      ]);
  }
}

type AuditedSession = Pick<
  SessionRecord,
  'title' | 'resolution' | 'hostAccountId' | 'attendanceThreshold' | 'scheduledStart' | 'scheduledEnd'
>;

/** The session fields an edit may change, as the audit log keeps them. */
function auditedRecord(s: AuditedSession): Record<string, unknown> {
  return {
    title: s.title,
    resolution: s.resolution,
    hostAccountId: s.hostAccountId,
    attendanceThreshold: s.attendanceThreshold,
    scheduledStart: s.scheduledStart,
    scheduledEnd: s.scheduledEnd,
  };
}

function assertTimes(start: string | null, end: string | null): void {
  if (start && end && Date.parse(end) <= Date.parse(start)) {
    throw sessionErrors.endBeforeStart();
  }
}

function toRecord(row: Selectable<SessionTable>): SessionRecord {
  return {
    id: row.id,
    title: row.title,
    resolution: row.resolution,
    status: row.status,
    scheduledStart: row.scheduled_start,
    scheduledEnd: row.scheduled_end,
    startedAt: row.started_at,
    endedAt: row.ended_at,
    hostAccountId: row.host_account_id,
    attendanceThreshold: row.attendance_threshold,
    createdAt: row.created_at,
    code: row.code ?? null,
  };
}

function toApi(row: Selectable<SessionTable> & { host_name: string; invited_count: number | null }): Session {
  return { ...toRecord(row), hostName: row.host_name, invitedEndpointCount: Number(row.invited_count ?? 0) };
}
