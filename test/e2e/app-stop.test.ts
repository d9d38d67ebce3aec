// The app's stop always ends (issue: Ctrl-C on `npm start | tee app.log` left the app
// disconnected but alive for minutes). A real app process on the real Asterisk, with its own
// Redis so the test can freeze that Redis (SIGSTOP) and make a part of the stop hang.
import { spawn, type ChildProcess } from 'node:child_process';
import { Agent, request } from 'node:http';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, freePort, waitFor } from '../support/hotline-app.js';
import { startPrivateRedis, type PrivateRedis } from '../support/private-redis.js';
import { REPO_DIR, readStackEnv } from '../support/stack-env.js';

interface RunningApp {
  child: ChildProcess;
  port: number;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>;
  output: () => string;
}

let database: { url: string; drop(): Promise<void> };
let redis: PrivateRedis | undefined;
const apps: RunningApp[] = [];

async function startApp(env: Record<string, string> = {}): Promise<RunningApp> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: REPO_DIR,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '/root',
      ...readStackEnv(),
      DATABASE_URL: database.url,
      HOTLINE_HTTP_PORT: String(port),
      REDIS_URL: redis!.url,
      REDIS_PREFIX: `stop-${Math.random().toString(36).slice(2, 8)}:`,
      ARI_APP: `hotline-stop-${Math.random().toString(36).slice(2, 6)}`,
      LOG_LEVEL: 'debug',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal, at: Date.now() })),
  );
  const app = { child, port, exited, output: () => out };
  apps.push(app);
  await waitFor(
    'the app to answer /readyz with 200',
    async () => {
      if (child.exitCode !== null) throw new Error(`app exited:\n${out}`);
      return (await fetch(`http://127.0.0.1:${port}/readyz`)).status === 200 ? true : undefined;
    },
    60_000,
  );
  return app;
}

/** An HTTP keep-alive connection left open to the app, as a console or a poller keeps one. */
async function holdKeepAliveConnection(port: number): Promise<Agent> {
  const agent = new Agent({ keepAlive: true, keepAliveMsecs: 60_000 });
  await new Promise<void>((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: '/healthz', agent }, (res) => {
      res.resume();
      res.on('end', () => resolve());
    });
    req.once('error', reject);
    req.end();
  });
  return agent;
}

beforeAll(async () => {
  database = await createTestDatabase();
  redis = await startPrivateRedis();
});

afterEach(() => {
  redis?.process.kill('SIGCONT');
});

afterAll(async () => {
  for (const app of apps) if (app.child.exitCode === null && app.child.signalCode === null) app.child.kill('SIGKILL');
  redis?.stop();
  await database?.drop();
});

describe('stopping the app', () => {
  it('stops in order and exits 0 with its stdout and stderr closed and a keep-alive client connected', async () => {
    const app = await startApp();
    const agent = await holdKeepAliveConnection(app.port);
    // the reading end of both pipes goes away, as `tee` does on Ctrl-C
    app.child.stdout!.destroy();
    app.child.stderr!.destroy();
    await fetch(`http://127.0.0.1:${app.port}/readyz`); // something to log into the closed pipe
    const sent = Date.now();
    app.child.kill('SIGINT');
    const end = await app.exited;
    agent.destroy();
    expect(end.code).toBe(0);
    expect(end.at - sent).toBeLessThan(5_000);
  });

  it('exits with code 1 at SHUTDOWN_DEADLINE_MS when a part of the stop hangs (its Redis frozen)', async () => {
    const app = await startApp({ SHUTDOWN_DEADLINE_MS: '2000' });
    redis!.process.kill('SIGSTOP');
    const sent = Date.now();
    app.child.kill('SIGTERM');
    const end = await app.exited;
    expect(end.code).toBe(1);
    expect(end.at - sent).toBeGreaterThanOrEqual(1_900);
    expect(end.at - sent).toBeLessThan(6_000);
    expect(app.output()).toContain('exiting anyway');
  });

  it('exits at once on a second signal while the stop hangs', async () => {
    const app = await startApp({ SHUTDOWN_DEADLINE_MS: '60000' });
    redis!.process.kill('SIGSTOP');
    app.child.kill('SIGINT');
    await waitFor('the app to say it is stopping', () => (app.output().includes('"stopping"') ? true : undefined));
    await new Promise((r) => setTimeout(r, 500));
    expect(app.child.exitCode).toBeNull();
    const sent = Date.now();
    app.child.kill('SIGTERM');
    const end = await app.exited;
    expect(end.code).toBe(143);
    expect(end.at - sent).toBeLessThan(2_000);
  });
});
