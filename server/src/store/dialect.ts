import {
  ColumnDefinitionNode,
  DataTypeNode,
  GeneratedNode,
  OperationNodeTransformer,
  OperatorNode,
  OrderByItemNode,
  PostgresAdapter,
  PrimitiveValueListNode,
  RawNode,
  ValueListNode,
  sql,
  type BinaryOperationNode,
  type ColumnDataType,
  type Kysely,
  type KyselyPlugin,
  type PluginTransformQueryArgs,
  type PluginTransformResultArgs,
  type QueryResult,
  type RootOperationNode,
  type UnknownRow,
} from 'kysely';

/**
 * Every place where the SQL of the store differs between SQLite (the embedded default) and
 * PostgreSQL (several nodes sharing one store) is in this file: the rest of the code, migrations
 * included, writes one SQL for both.
 */
export type Dialect = 'sqlite' | 'postgres';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any schema: migrations hold Kysely<unknown>
export function dialectOf(db: Kysely<any>): Dialect {
  return db.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite';
}

/**
 * SQLite's column types as PostgreSQL spells them: SQLite's INTEGER is 64-bit (epoch milliseconds
 * live in such columns), REAL is a double, BLOB is bytea. Integer booleans stay integers.
 */
const POSTGRES_TYPES: Partial<Record<ColumnDataType, ColumnDataType>> = {
  integer: 'bigint',
  real: 'double precision',
  blob: 'bytea',
};

/** The empty list SQLite accepts in `x in ()`: a subquery with no row has the same meaning on PostgreSQL. */
const NO_ROWS = RawNode.createWithSql('(select null where false)');

class PostgresCompatTransformer extends OperationNodeTransformer {
  protected override transformDataType(node: DataTypeNode): DataTypeNode {
    const mapped = POSTGRES_TYPES[node.dataType];
    return mapped ? DataTypeNode.create(mapped) : node;
  }

  protected override transformColumnDefinition(node: ColumnDefinitionNode): ColumnDefinitionNode {
    const column = super.transformColumnDefinition(node);
    if (!column.autoIncrement) return column;
    // SQLite's `integer primary key autoincrement`: an identity column.
    return ColumnDefinitionNode.cloneWith(column, {
      autoIncrement: false,
      generated: GeneratedNode.create({ byDefault: true, identity: true }),
    });
  }

  // SQLite sorts nulls first in ascending order (last in descending); PostgreSQL the other way round.
  protected override transformOrderByItem(node: OrderByItemNode): OrderByItemNode {
    const item = super.transformOrderByItem(node);
    if (item.nulls) return item;
    const descending =
      item.direction && RawNode.is(item.direction) && /desc/i.test(item.direction.sqlFragments.join(''));
    return OrderByItemNode.cloneWith(item, { nulls: descending ? 'last' : 'first' });
  }

  protected override transformBinaryOperation(node: BinaryOperationNode): BinaryOperationNode {
    const op = super.transformBinaryOperation(node);
    if (!OperatorNode.is(op.operator)) return op;
    const { operator } = op.operator;
    // SQLite's LIKE ignores ASCII case; PostgreSQL's ILIKE does (with the C ctype, ASCII only too).
    if (operator === 'like' || operator === 'not like')
      return { ...op, operator: OperatorNode.create(operator === 'like' ? 'ilike' : 'not ilike') };
    const list = op.rightOperand;
    const empty = (ValueListNode.is(list) || PrimitiveValueListNode.is(list)) && list.values.length === 0;
    if ((operator === 'in' || operator === 'not in') && empty) return { ...op, rightOperand: NO_ROWS };
    return op;
  }
}

/** Applied to every query of a PostgreSQL store, so the code's one SQL means what it means on SQLite. */
export class PostgresCompatPlugin implements KyselyPlugin {
  readonly #transformer = new PostgresCompatTransformer();

  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    return this.#transformer.transformNode(args.node, args.queryId);
  }

  transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return Promise.resolve(args.result);
  }
}

/**
 * fold(text) on PostgreSQL, the same as store/textFold.ts's foldText (SQLite registers that one):
 * NFD, combining marks stripped, đ/Đ → d, lower case. The marks are the combining blocks of Latin
 * script (Vietnamese's tones and vowel marks are in the first); lower() runs under ICU's root
 * collation when the server has ICU, so non-ASCII capitals fold as JavaScript folds them.
 */
export async function createFoldFunction(db: Kysely<unknown>): Promise<void> {
  const icu = await sql<{ found: number }>`
    select count(*) as found from pg_collation where collname = 'und-x-icu'`.execute(db);
  const collate = Number(icu.rows[0]?.found ?? 0) > 0 ? sql.raw(' collate "und-x-icu"') : sql.raw('');
  await sql`
    create or replace function fold(value text) returns text
    language sql immutable strict parallel safe as $$
      select lower(regexp_replace(translate(normalize(value, NFD), 'đĐ', 'dd'),
        '[\\u0300-\\u036f\\u1ab0-\\u1aff\\u1dc0-\\u1dff\\u20d0-\\u20ff\\ufe20-\\ufe2f]+', '', 'g')${collate})
    $$`.execute(db);
}

/** Triggers that abort any UPDATE or DELETE (and, on PostgreSQL, TRUNCATE) of an append-only table. */
export async function createAppendOnlyTriggers(db: Kysely<unknown>, table: string): Promise<void> {
  const message = sql.lit(`${table} is append-only`);
  if (dialectOf(db) === 'sqlite') {
    await sql`
      create trigger ${sql.raw(`${table}_no_update`)} before update on ${sql.table(table)}
      begin select raise(abort, ${message}); end`.execute(db);
    await sql`
      create trigger ${sql.raw(`${table}_no_delete`)} before delete on ${sql.table(table)}
      begin select raise(abort, ${message}); end`.execute(db);
    return;
  }
  const fn = sql.raw(`${table}_append_only`);
  await sql`
    create function ${fn}() returns trigger language plpgsql as $$
    begin raise exception ${message}; end $$`.execute(db);
  for (const [name, event, level] of [
    ['no_update', 'update', 'row'],
    ['no_delete', 'delete', 'row'],
    ['no_truncate', 'truncate', 'statement'],
  ] as const)
    await sql`
      create trigger ${sql.raw(`${table}_${name}`)} before ${sql.raw(event)} on ${sql.table(table)}
      for each ${sql.raw(level)} execute function ${fn}()`.execute(db);
}

export async function dropAppendOnlyTriggers(db: Kysely<unknown>, table: string): Promise<void> {
  if (dialectOf(db) === 'sqlite') {
    await sql`drop trigger ${sql.raw(`${table}_no_delete`)}`.execute(db);
    await sql`drop trigger ${sql.raw(`${table}_no_update`)}`.execute(db);
    return;
  }
  for (const name of ['no_truncate', 'no_delete', 'no_update'])
    await sql`drop trigger ${sql.raw(`${table}_${name}`)} on ${sql.table(table)}`.execute(db);
  await sql`drop function ${sql.raw(`${table}_append_only`)}()`.execute(db);
}
