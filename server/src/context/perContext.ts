import type { AppContext } from './types.js';

/**
 * One instance of a domain service per app (tests run several apps in one process). Another domain
 * gets the service through the returned accessor, never by constructing it itself.
 */
export function perContext<T>(factory: (ctx: AppContext) => T): (ctx: AppContext) => T {
  const instances = new WeakMap<AppContext, T>();
  return (ctx) => {
    let instance = instances.get(ctx);
    if (instance === undefined) {
      instance = factory(ctx);
      instances.set(ctx, instance);
    }
    return instance;
  };
}
