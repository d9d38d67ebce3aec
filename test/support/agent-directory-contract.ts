// The behaviour every AgentDirectory adapter must show, run against each real database.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createAgentDirectoryStore } from '../../src/adapters/db/agent-directory-store.js';
import { migrate } from '../../src/adapters/db/migrate.js';
import { sipMd5Credential } from '../../src/domain/agent/sip-credential.js';
import { AgentConflictError, type AgentDirectory, type NewAgent } from '../../src/ports/agent/agent-directory.js';
import type { TestDatabase, TestDatabaseFactory } from './db-fixtures.js';

/** A SIP digest credential (the store never sees a password). */
const CREDENTIAL = sipMd5Credential('2001', 'Secret0123456789abcd');

export function newAgent(overrides: Partial<NewAgent> = {}): NewAgent {
  return {
    agentId: 'zhang-wei',
    name: '张伟',
    extension: '2001',
    skills: { housing: 4, 'social-insurance': 2 },
    languages: ['zh', 'yue'],
    group: '一班',
    ...overrides,
  };
}

export function agentDirectoryContract(factory: TestDatabaseFactory): void {
  let testDb: TestDatabase;
  let agents: AgentDirectory;

  beforeAll(async () => {
    testDb = await factory.create();
    await migrate(testDb.db);
    agents = createAgentDirectoryStore(testDb.db);
  });
  afterAll(async () => {
    await testDb?.dispose();
  });
  beforeEach(async () => {
    await testDb.db.exec('TRUNCATE agents CASCADE');
  });

  const count = async () => (await testDb.db.query<{ n: number }>('SELECT count(*)::int AS n FROM agents'))[0]?.n;

  describe('create', () => {
    it('stores the agent with Chinese name, skills and languages and returns it with its times', async () => {
      const created = await agents.create(newAgent(), CREDENTIAL);
      expect(created).toEqual({ ...newAgent(), createdAt: expect.any(Date), updatedAt: expect.any(Date) });
      expect(await agents.get('zhang-wei')).toEqual(created);
      expect(await agents.getByExtension('2001')).toEqual(created);
    });

    it('refuses a taken agent id or extension with AgentConflictError naming it, storing nothing', async () => {
      await agents.create(newAgent(), CREDENTIAL);
      const sameId = agents.create(newAgent({ extension: '2002' }), CREDENTIAL);
      await expect(sameId).rejects.toBeInstanceOf(AgentConflictError);
      await expect(sameId).rejects.toThrow(/zhang-wei/);
      const sameExtension = agents.create(newAgent({ agentId: 'li-na' }), CREDENTIAL);
      await expect(sameExtension).rejects.toBeInstanceOf(AgentConflictError);
      await expect(sameExtension).rejects.toThrow(/2001/);
      expect(await count()).toBe(1);
    });

    it('lets exactly one of two concurrent creates of the same extension win', async () => {
      const results = await Promise.allSettled([
        agents.create(newAgent({ agentId: 'a1' }), CREDENTIAL),
        agents.create(newAgent({ agentId: 'a2' }), CREDENTIAL),
      ]);
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      const [lost] = results.filter((r) => r.status === 'rejected');
      expect((lost as PromiseRejectedResult).reason).toBeInstanceOf(AgentConflictError);
    });
  });

  describe('list, get, getByExtension', () => {
    it('lists by agent id and answers null for unknown ids and extensions', async () => {
      await agents.create(newAgent({ agentId: 'wang-fang', extension: '2003' }), CREDENTIAL);
      await agents.create(newAgent({ agentId: 'chen-jie', extension: '2002' }), CREDENTIAL);
      expect((await agents.list()).map((a) => a.agentId)).toEqual(['chen-jie', 'wang-fang']);
      expect(await agents.get('nobody')).toBeNull();
      expect(await agents.getByExtension('9999')).toBeNull();
    });

    it('never returns the SIP credential', async () => {
      await agents.create(newAgent(), CREDENTIAL);
      const seen = JSON.stringify([await agents.list(), await agents.get('zhang-wei'), await agents.getByExtension('2001')]);
      expect(seen).not.toContain(CREDENTIAL);
    });
  });

  describe('update', () => {
    it('changes only the fields given, keeps createdAt and moves updatedAt on', async () => {
      const created = await agents.create(newAgent(), CREDENTIAL);
      const updated = await agents.update('zhang-wei', { name: '张伟（组长）', skills: { housing: 5 } });
      expect(updated).toEqual({
        ...created,
        name: '张伟（组长）',
        skills: { housing: 5 },
        updatedAt: expect.any(Date),
      });
      expect(updated!.updatedAt.getTime()).toBeGreaterThanOrEqual(created.updatedAt.getTime());
      expect(await agents.update('zhang-wei', { extension: '2009', languages: ['en'], group: '二班' })).toMatchObject({
        name: '张伟（组长）', extension: '2009', languages: ['en'], group: '二班',
      });
    });

    it('answers null for an unknown agent', async () => {
      expect(await agents.update('nobody', { name: 'x' })).toBeNull();
    });

    it('stores a new SIP credential in the same write when given one', async () => {
      await agents.create(newAgent(), CREDENTIAL);
      const moved = sipMd5Credential('2009', 'Moved0123456789abcdef');
      expect(await agents.update('zhang-wei', { extension: '2009' }, moved)).toMatchObject({ extension: '2009' });
      expect(await agents.sipCredentials()).toEqual([{ extension: '2009', md5Cred: moved }]);
    });

    it('refuses an extension another agent has, leaving the agent as it was', async () => {
      await agents.create(newAgent(), CREDENTIAL);
      const other = await agents.create(newAgent({ agentId: 'li-na', extension: '2002' }), CREDENTIAL);
      await expect(agents.update('li-na', { extension: '2001', name: '李娜' })).rejects.toBeInstanceOf(AgentConflictError);
      expect(await agents.get('li-na')).toEqual(other);
    });
  });

  describe('remove', () => {
    it('deletes the agent once', async () => {
      await agents.create(newAgent(), CREDENTIAL);
      expect(await agents.remove('zhang-wei')).toBe(true);
      expect(await agents.remove('zhang-wei')).toBe(false);
      expect(await agents.get('zhang-wei')).toBeNull();
    });
  });

  describe('SIP credentials', () => {
    it('lists every extension with its digest credential, and setSipCredential replaces one', async () => {
      const other = sipMd5Credential('1999', 'Other0123456789abcd');
      const rotated = sipMd5Credential('2001', 'Rotated0123456789abc');
      await agents.create(newAgent(), CREDENTIAL);
      await agents.create(newAgent({ agentId: 'li-na', extension: '1999' }), other);
      await agents.setSipCredential('zhang-wei', rotated);
      expect(await agents.sipCredentials()).toEqual([
        { extension: '1999', md5Cred: other },
        { extension: '2001', md5Cred: rotated },
      ]);
    });

    it('refuses anything but 32 lower-case hex digits (a password cannot be stored by mistake)', async () => {
      await expect(agents.create(newAgent(), 'Secret0123456789abcd')).rejects.toThrow();
      expect(await agents.list()).toEqual([]);
    });
  });
}
