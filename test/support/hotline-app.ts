// Runs the hotline app as a real child process against the local stack, with its own
// PostgreSQL database and HTTP port, and talks to its HTTP API: with the stack's admin token
// (HOTLINE_ADMIN_TOKEN of .stack/hotline.env) unless another token is given.
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import pg from 'pg';
import { REPO_DIR, readStackEnv } from './stack-env.js';

const ADMIN_DB = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

/** A fresh PostgreSQL database for one test file; drop() removes it. */
export async function createTestDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `hotline_e2e_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = new pg.Client({ connectionString: ADMIN_DB });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(ADMIN_DB);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: ADMIN_DB });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

export interface AppRequestOptions {
  body?: unknown;
  /** Default: the admin token; null sends no Authorization header. */
  token?: string | null;
}

export interface HotlineApp {
  baseUrl: string;
  /** HOTLINE_ADMIN_TOKEN the app runs with. */
  adminToken: string;
  output(): string;
  get<T = unknown>(path: string, token?: string | null): Promise<{ status: number; body: T }>;
  /** Any request; the body is sent as JSON. An empty answer gives body {}. */
  request<T = Record<string, unknown>>(method: string, path: string, options?: AppRequestOptions): Promise<{ status: number; body: T }>;
  /** Creates an API token with the admin token and returns its value. */
  createToken(role: 'agent' | 'supervisor' | 'auditor' | 'admin' | 'department', options?: { agentId?: string; departmentId?: string; name?: string }): Promise<string>;
  waitReady(timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
  /** The app dies at once (SIGKILL): no shutdown, its ARI websocket just drops. */
  kill(): Promise<void>;
}

/** With `databaseUrl` the app keeps its records in that PostgreSQL database; without, in embedded PGlite (PGLITE_DIR of `env`). */
export async function startHotlineApp(opts: { databaseUrl?: string; env?: Record<string, string> }): Promise<HotlineApp> {
  const port = await freePort();
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '/root',
    ...readStackEnv(),
    ...(opts.databaseUrl ? { DATABASE_URL: opts.databaseUrl } : {}),
    HOTLINE_HTTP_PORT: String(port),
    LOG_LEVEL: 'debug',
    // live state of this app only: agents and waiting callers of earlier runs do not leak in
    REDIS_PREFIX: `e2e-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}:`,
    // a caller who gives up in a test's queue is not called back (the call would ring a later
    // test's citizen phone); the missed-call test turns it on
    MISSED_CALL_CALLBACK_AFTER_SECONDS: '0',
    ...opts.env,
  };
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: REPO_DIR,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const baseUrl = `http://127.0.0.1:${port}`;
  const adminToken = env.HOTLINE_ADMIN_TOKEN;
  if (!adminToken) throw new Error('no HOTLINE_ADMIN_TOKEN in .stack/hotline.env: run bash scripts/stack.sh up');

  const request = async <T>(method: string, path: string, options: AppRequestOptions = {}) => {
    const token = options.token === undefined ? adminToken : options.token;
    const res = await fetch(`${baseUrl}${path}`, {
      method,
      headers: {
        ...(token === null ? {} : { authorization: `Bearer ${token}` }),
        ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
    });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : {}) as T };
  };
  let tokenCount = 0;

  const app: HotlineApp = {
    baseUrl,
    adminToken,
    output: () => out,
    get: <T>(path: string, token?: string | null) => request<T>('GET', path, token === undefined ? {} : { token }),
    request,
    async createToken(role, options = {}) {
      tokenCount += 1;
      const name = options.name ?? `e2e-${role}-${tokenCount}-${Math.random().toString(36).slice(2, 8)}`;
      const r = await request<{ token?: string }>('POST', '/api/tokens', {
        body: { name, role, ...(options.agentId ? { agentId: options.agentId } : {}), ...(options.departmentId ? { departmentId: options.departmentId } : {}) },
      });
      if (r.status !== 201 || !r.body.token) throw new Error(`could not create a ${role} token: ${r.status} ${JSON.stringify(r.body)}`);
      return r.body.token;
    },
    async waitReady(timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline) {
        if (child.exitCode !== null) throw new Error(`hotline app exited:\n${out}`);
        try {
          const res = await fetch(`${baseUrl}/readyz`);
          if (res.status === 200) return;
        } catch {
          // not listening yet
        }
        await new Promise((r) => setTimeout(r, 200));
      }
      throw new Error(`hotline app not ready after ${timeoutMs} ms:\n${out.slice(-4000)}`);
    },
    async stop() {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        await exited;
        clearTimeout(killer);
      }
    },
    async kill() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGKILL');
        await exited;
      }
    },
  };
  return app;
}

/** Runs an Asterisk CLI command in the local stack (scripts/stack.sh cli). */
export function asteriskCli(command: string): string {
  return execFileSync('bash', ['scripts/stack.sh', 'cli', command], { cwd: REPO_DIR, encoding: 'utf8' });
}

/** Polls until `check` returns a value (not undefined) or the time runs out. */
export async function waitFor<T>(what: string, check: () => Promise<T | undefined> | T | undefined, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const v = await check();
      if (v !== undefined) return v;
    } catch (err) {
      last = err;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
}
