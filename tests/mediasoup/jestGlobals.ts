import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, expect, test, vi } from 'vitest';

/**
 * Setup of every file of mediasoup's suite (tests/mediasoup/vitest.config.mts). The suite is
 * written for Jest: with Vitest's globals on, it needs only `jest.fn`, which is `vi.fn`. Tests
 * listed in skip.json for this file are registered as skipped; an entry that matches no test fails
 * the file, so the list cannot go stale.
 */
Object.assign(globalThis, { jest: vi });

interface SkipFile {
  skip: Record<string, Record<string, string>>;
}

const skipFile = JSON.parse(readFileSync(new URL('./skip.json', import.meta.url), 'utf8')) as SkipFile;
const file = path.basename(expect.getState().testPath ?? '');
const toSkip = skipFile.skip[file] ?? {};

if (Object.keys(toSkip).length > 0) {
  const matched = new Set<string>();
  const skipping = new Proxy(test, {
    apply(target, thisArg, args: Parameters<typeof test>) {
      const [name] = args;
      if (typeof name === 'string' && Object.hasOwn(toSkip, name)) {
        matched.add(name);
        return target.skip(...args);
      }
      return Reflect.apply(target, thisArg, args);
    },
  });
  Object.assign(globalThis, { test: skipping, it: skipping });
  afterAll(() => {
    const stale = Object.keys(toSkip).filter((name) => !matched.has(name));
    if (stale.length > 0) throw new Error(`skip.json lists tests ${file} does not have: ${stale.join(', ')}`);
  });
}
