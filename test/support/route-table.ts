// The route table of the HTTP API as the routers themselves register it: every router factory
// exported by src/adapters/http/*-routes.ts is built with stand-in dependencies (nothing is
// called) and its express stack read. Shared by the access-policy coverage test and the
// bad-input sweep, so a new route is in both as soon as a router registers it.
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const HTTP_DIR = new URL('../../src/adapters/http/', import.meta.url);

export interface RegisteredRoute {
  /** The *-routes.ts file that registers it. */
  file: string;
  method: string;
  /** The express pattern, e.g. "/api/agents/:id/login". */
  path: string;
}

/** Stands in for any dependency: every property and call gives another stand-in. */
function anything(): unknown {
  const target = function () {} as unknown as object;
  const proxy: unknown = new Proxy(target, {
    get: (_t, key) => (typeof key === 'symbol' ? undefined : proxy),
    apply: () => proxy,
  });
  return proxy;
}

interface Layer {
  route?: { path: unknown; methods: Record<string, boolean> };
  handle?: { stack?: Layer[] };
}

function routesOf(stack: Layer[], file: string): RegisteredRoute[] {
  return stack.flatMap((layer) => {
    if (layer.route) {
      const paths = Array.isArray(layer.route.path) ? layer.route.path : [layer.route.path];
      return Object.keys(layer.route.methods).flatMap((m) => paths.map((p) => ({ file, method: m.toUpperCase(), path: String(p) })));
    }
    return layer.handle?.stack ? routesOf(layer.handle.stack, file) : [];
  });
}

/** Every route of every router in src/adapters/http; throws when a *-routes.ts file exports no router factory. */
export async function registeredRoutes(): Promise<RegisteredRoute[]> {
  const files = readdirSync(fileURLToPath(HTTP_DIR)).filter((f) => f.endsWith('-routes.ts')).sort();
  const routes: RegisteredRoute[] = [];
  for (const file of files) {
    const module = (await import(new URL(file, HTTP_DIR).href)) as Record<string, unknown>;
    let routers = 0;
    for (const [name, factory] of Object.entries(module)) {
      if (typeof factory !== 'function' || !name.endsWith('Routes')) continue;
      const router = (factory as (...args: unknown[]) => unknown)(anything(), anything(), anything(), anything());
      const stack = (router as { stack?: Layer[] } | null)?.stack;
      if (!Array.isArray(stack)) continue;
      routers += 1;
      routes.push(...routesOf(stack, file));
    }
    if (routers === 0) throw new Error(`${file} exports no router factory (a function named …Routes returning a Router)`);
  }
  return routes;
}
