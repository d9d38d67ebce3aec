// Every route any router of src/adapters/http registers has its own line in the access policy,
// and the policy matches request paths exactly as express routes them. A new route without a
// line fails here (and is closed with 403 at run time until it gets one).
import express, { Router } from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_ACCESS_POLICY, matchingRules } from '../../src/domain/access/api-access-policy.js';
import { listen, type TestHttpServer } from '../support/http-client.js';
import { registeredRoutes } from '../support/route-table.js';

describe('the access policy covers every route', () => {
  it('each registered route has exactly its own line (method and pattern)', async () => {
    const routes = await registeredRoutes();
    expect(routes.length).toBeGreaterThan(20);
    const lines = new Set(API_ACCESS_POLICY.map((r) => `${r.method} ${r.path}`));
    const missing = routes.filter((r) => !lines.has(`${r.method} ${r.path}`)).map((r) => `${r.method} ${r.path} (${r.file})`);
    expect(missing, 'routes without a line in src/domain/access/api-access-policy.ts').toEqual([]);
    // the public lines are the health checks and the console login, nothing else
    for (const r of routes.filter((x) => API_ACCESS_POLICY.some((p) => p.public && p.method === x.method && p.path === x.path))) {
      if (r.file === 'session-routes.ts') expect(`${r.method} ${r.path}`).toBe('POST /api/session');
      else expect(r.file).toBe('health-routes.ts');
    }
  });
});

describe('the policy matches paths the way express routes them', () => {
  let http: TestHttpServer;

  beforeAll(async () => {
    // one route per policy line that answers with the line it was routed to and its params
    const app = express();
    const router = Router();
    for (const rule of API_ACCESS_POLICY) {
      router[rule.method.toLowerCase() as 'get'](rule.path, (req, res) => {
        res.json({ path: rule.path, params: { ...req.params } });
      });
    }
    app.use(router);
    app.use((_req, res) => {
      res.status(404).json({ path: null });
    });
    app.use(((_err, _req, res, _next) => {
      res.status(400).json({ path: null });
    }) as express.ErrorRequestHandler);
    http = await listen(app, { token: null });
  });

  afterAll(async () => {
    await http?.close();
  });

  it.each([
    ['GET', '/api/calls'],
    ['GET', '/api/calls/'],
    ['GET', '/API/CALLS'],
    ['GET', '/api/calls//'],
    ['GET', '//api/calls'],
    ['GET', '/api/%63alls'],
    ['GET', '/api/calls/a.1'],
    ['GET', '/api/calls/a.1/recording'],
    ['GET', '/api/calls/a.1/recording/'],
    ['GET', '/api/calls/a%2F1/recording'],
    ['POST', '/api/agents/zhang-wei/login'],
    ['POST', '/api/agents/zhang%2Dwei/login'],
    ['POST', '/Api/Agents/zhang-wei/Login'],
    ['POST', '/api/agents//login'],
    ['POST', '/api/agents/zhang-wei/login/x'],
    ['POST', '/api/agents/%E0%A4%A/login'],
    ['GET', '/api/audit/verify'],
    ['GET', '/api/agents/zhang-wei/state;x'],
    ['GET', '/api/agents/zhang-wei/state?x=1'],
    ['GET', '/api/agents/zhang-wei/state%3Fx=1'],
    ['DELETE', '/api/tokens/9b2f6a36-3c55-4a8e-9f2c-1b6f1d2a0c11'],
    ['HEAD', '/api/stats/live'],
    ['GET', '/healthz/'],
  ])('%s %s', async (method, path) => {
    const r = await http.request<{ path: string | null; params?: Record<string, string> } | undefined>(method, path);
    const routed = r.body?.path ?? null;
    const matched = matchingRules(method, path.split('?')[0]!);
    if (method === 'HEAD') {
      // no body on HEAD: express answered 200 only if a GET route took it
      expect(matched.length > 0).toBe(r.status === 200);
      return;
    }
    expect(matched.map((m) => m.rule.path)).toEqual(routed === null ? [] : [routed]);
    if (routed !== null) expect(matched[0]!.params).toEqual(r.body?.params);
  });
});
