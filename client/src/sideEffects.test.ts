import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

// package.json declares the client's modules free of side effects except those it lists, so the
// bundler keeps a feature's barrel (index.ts) from pulling another area's code into a shared chunk.
// A module imported only for what it does (`import './charts'`) is dropped unless listed.
const clientDir = path.resolve(import.meta.dirname, '..');
const sideEffects = (
  JSON.parse(readFileSync(path.join(clientDir, 'package.json'), 'utf8')) as { sideEffects: string[] }
).sideEffects;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return /\.tsx?$/.test(entry.name) && !/\.(test|d)\.tsx?$/.test(entry.name) ? [full] : [];
  });
}

function resolveModule(from: string, specifier: string): string | undefined {
  const base = path.resolve(path.dirname(from), specifier);
  return [base, `${base}.ts`, `${base}.tsx`, path.join(base, 'index.ts')].find(
    (f) => existsSync(f) && !f.endsWith('/'),
  );
}

function declared(file: string): boolean {
  const relative = `./${path.relative(clientDir, file)}`;
  return sideEffects.some((entry) => (entry === '**/*.css' ? file.endsWith('.css') : entry === relative));
}

describe('client side effects (package.json "sideEffects")', () => {
  it('lists every module imported only for its side effects', () => {
    const undeclared: string[] = [];
    for (const file of sourceFiles(path.join(clientDir, 'src'))) {
      for (const [, specifier = ''] of readFileSync(file, 'utf8').matchAll(/^import\s+['"]([^'"]+)['"]/gm)) {
        if (!specifier.startsWith('.')) continue; // packages declare their own
        const target = resolveModule(file, specifier);
        if (!target || !declared(target)) undeclared.push(`${path.relative(clientDir, file)} → ${specifier}`);
      }
    }
    expect(undeclared).toEqual([]);
  });

  it('lists only modules that exist', () => {
    const missing = sideEffects.filter((entry) => !entry.includes('*') && !existsSync(path.join(clientDir, entry)));
    expect(missing).toEqual([]);
  });
});
