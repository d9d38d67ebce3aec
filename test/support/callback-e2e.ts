// What the callback e2e tests (queue-callback, missed-call-callback) share: an app on its own
// database with one agent whose softphone answers by itself, the callbacks as the API shows them,
// and the app's log lines about callbacks for a failure's message.
import { createTestDatabase, startHotlineApp, type HotlineApp } from './hotline-app.js';
import { startSoftphone, type Softphone } from './softphone.js';

export interface CallbackView {
  id: string;
  origin: string;
  callId: string;
  number: string;
  status: string;
  attempts: number;
  agentId: string | null;
  queuedAt: string;
  lastResult: string | null;
  completedAt: string | null;
}

export interface OneAgentHotline {
  app: HotlineApp;
  phone: Softphone;
  /** Phone, app and database, each even when an earlier one fails to stop. */
  stop(): Promise<void>;
}

/** An app with `env` (wrap-up 1 s) and one agent (skill general 3) on an auto-answering softphone. */
export async function startOneAgentHotline(o: { env: Record<string, string>; agentId: string; name: string; extension: string; sipPort: number }): Promise<OneAgentHotline> {
  const db = await createTestDatabase();
  const app = await startHotlineApp({ databaseUrl: db.url, env: { AGENT_WRAP_UP_SECONDS: '1', ...o.env } });
  try {
    await app.waitReady();
    const created = await app.request('POST', '/api/agents', {
      body: { agentId: o.agentId, name: o.name, extension: o.extension, skills: { general: 3 }, languages: ['zh'], group: 'day' },
    });
    if (created.status !== 201) throw new Error(`agent ${o.agentId} not created: ${created.status} ${JSON.stringify(created.body)}`);
    const password = (created.body.sip as { password: string }).password;
    const phone = await startSoftphone({ user: o.extension, password, answer: 'auto', port: o.sipPort });
    const stop = async () => {
      await phone.stop().catch(() => undefined);
      await app.stop().catch(() => undefined);
      await db.drop();
    };
    return { app, phone, stop };
  } catch (err) {
    await app.stop().catch(() => undefined);
    await db.drop().catch(() => undefined);
    throw err;
  }
}

/** The app's last log lines matching `pattern`, for an assertion's message. */
export function appLogLines(app: HotlineApp, pattern: RegExp, last = 60): string {
  return app
    .output()
    .split('\n')
    .filter((l) => pattern.test(l))
    .slice(-last)
    .join('\n');
}
