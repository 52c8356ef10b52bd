import { randomUUID } from 'node:crypto';
import type { Account, CreateAccountRequest } from '@diem-cau/shared';
import type { Database } from '../../store/database.js';
import { hashSecret } from '../../auth/passwords.js';
import { accountErrors } from './errors.js';
import type { AuditActor, AuditLog } from '../audit/index.js';

/** Admin and host accounts. Usernames are stored lower-case. */
export class AccountService {
  readonly #db: Database;
  readonly #audit: AuditLog;

  constructor(db: Database, deps: { audit: AuditLog }) {
    this.#db = db;
    this.#audit = deps.audit;
  }

  async list(): Promise<Account[]> {
    const rows = await this.#db
      .selectFrom('accounts')
      .select(['id', 'username', 'display_name', 'role', 'created_at'])
      .orderBy('username')
      .execute();
    return rows.map((r) => ({
      id: r.id,
      username: r.username,
      displayName: r.display_name,
      role: r.role,
      createdAt: r.created_at,
    }));
  }

  async create(input: CreateAccountRequest, actor: AuditActor | null = null): Promise<Account> {
    const username = input.username.toLowerCase();
    const taken = await this.#db
      .selectFrom('accounts')
      .select('id')
      .where('username', '=', username)
      .executeTakeFirst();
    if (taken) throw accountErrors.usernameTaken();
    const account: Account = {
      id: randomUUID(),
      username,
      displayName: input.displayName,
      role: input.role,
      createdAt: new Date().toISOString(),
    };
    const passwordHash = await hashSecret(input.password);
    await this.#db.transaction().execute(async (trx) => {
      await trx
        .insertInto('accounts')
        .values({
          id: account.id,
          username,
          display_name: account.displayName,
          role: account.role,
          password_hash: passwordHash,
          created_at: account.createdAt,
        })
        .execute();
      // The account as listed (never its password or hash).
      await this.#audit.record(
        {
          actor,
          action: 'account.create',
          target: { type: 'account', id: account.id },
          after: { username, displayName: account.displayName, role: account.role },
        },
        trx,
      );
    });
    return account;
  }
}
