import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { TABLE_OWNERS } from './tableOwners.js';

const DOMAIN_ROOT = path.resolve(import.meta.dirname, '../domain');
const ACCESS =
  /\b(selectFrom|insertInto|updateTable|deleteFrom|innerJoin|leftJoin|rightJoin|fullJoin)\(\s*['"]([a-z_]+)/g;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return sourceFiles(full);
    return /\.ts$/.test(name) && !/\.test\.ts$|test-data/.test(name) ? [full] : [];
  });
}

/** Every table a domain's code names in a query, with where. */
function accesses(): { domain: string; table: string; where: string }[] {
  return sourceFiles(DOMAIN_ROOT).flatMap((file) => {
    const domain = path.relative(DOMAIN_ROOT, file).split(path.sep)[0]!;
    const text = readFileSync(file, 'utf8');
    return [...text.matchAll(ACCESS)].map((m) => ({
      domain,
      table: m[2]!,
      where: `${path.relative(DOMAIN_ROOT, file)}:${text.slice(0, m.index).split('\n').length}`,
    }));
  });
}

describe('table ownership', () => {
  const found = accesses();

  it('finds the queries it checks', () => {
    expect(found.length).toBeGreaterThan(100);
  });

  it('names only tables and views the schema has', () => {
    const unknown = found.filter((a) => !(a.table in TABLE_OWNERS)).map((a) => `${a.table} at ${a.where}`);
    expect(unknown).toEqual([]);
  });

  it('lets a domain query only its own tables and the views others publish', () => {
    const foreign = found
      .filter((a) => {
        const owner: string | undefined = TABLE_OWNERS[a.table as keyof typeof TABLE_OWNERS];
        return owner !== undefined && owner !== a.domain && !owner.startsWith('view:');
      })
      .map(
        (a) =>
          `${a.domain} reads ${a.table} (owned by ${TABLE_OWNERS[a.table as keyof typeof TABLE_OWNERS]}) at ${a.where}`,
      );
    expect(foreign).toEqual([]);
  });
});
