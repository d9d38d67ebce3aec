// The behaviour every AgentDirectory adapter must show, run against each real database.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createAgentDirectoryStore } from '../../src/adapters/db/agent-directory-store.js';
import { migrate } from '../../src/adapters/db/migrate.js';
import { AgentConflictError, type AgentDirectory, type NewAgent } from '../../src/ports/agent-directory.js';
import type { TestDatabase, TestDatabaseFactory } from './db-fixtures.js';

const PASSWORD = 'Secret0123456789abcd';

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
    await testDb.db.exec('TRUNCATE agents');
  });

  const count = async () => (await testDb.db.query<{ n: number }>('SELECT count(*)::int AS n FROM agents'))[0]?.n;

  describe('create', () => {
    it('stores the agent with Chinese name, skills and languages and returns it with its times', async () => {
      const created = await agents.create(newAgent(), PASSWORD);
      expect(created).toEqual({ ...newAgent(), createdAt: expect.any(Date), updatedAt: expect.any(Date) });
      expect(await agents.get('zhang-wei')).toEqual(created);
      expect(await agents.getByExtension('2001')).toEqual(created);
    });

    it('refuses a taken agent id or extension with AgentConflictError naming it, storing nothing', async () => {
      await agents.create(newAgent(), PASSWORD);
      const sameId = agents.create(newAgent({ extension: '2002' }), PASSWORD);
      await expect(sameId).rejects.toBeInstanceOf(AgentConflictError);
      await expect(sameId).rejects.toThrow(/zhang-wei/);
      const sameExtension = agents.create(newAgent({ agentId: 'li-na' }), PASSWORD);
      await expect(sameExtension).rejects.toBeInstanceOf(AgentConflictError);
      await expect(sameExtension).rejects.toThrow(/2001/);
      expect(await count()).toBe(1);
    });

    it('lets exactly one of two concurrent creates of the same extension win', async () => {
      const results = await Promise.allSettled([
        agents.create(newAgent({ agentId: 'a1' }), PASSWORD),
        agents.create(newAgent({ agentId: 'a2' }), PASSWORD),
      ]);
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      const [lost] = results.filter((r) => r.status === 'rejected');
      expect((lost as PromiseRejectedResult).reason).toBeInstanceOf(AgentConflictError);
    });
  });

  describe('list, get, getByExtension', () => {
    it('lists by agent id and answers null for unknown ids and extensions', async () => {
      await agents.create(newAgent({ agentId: 'wang-fang', extension: '2003' }), PASSWORD);
      await agents.create(newAgent({ agentId: 'chen-jie', extension: '2002' }), PASSWORD);
      expect((await agents.list()).map((a) => a.agentId)).toEqual(['chen-jie', 'wang-fang']);
      expect(await agents.get('nobody')).toBeNull();
      expect(await agents.getByExtension('9999')).toBeNull();
    });

    it('never returns the SIP password', async () => {
      await agents.create(newAgent(), PASSWORD);
      const seen = JSON.stringify([await agents.list(), await agents.get('zhang-wei'), await agents.getByExtension('2001')]);
      expect(seen).not.toContain(PASSWORD);
    });
  });

  describe('update', () => {
    it('changes only the fields given, keeps createdAt and moves updatedAt on', async () => {
      const created = await agents.create(newAgent(), PASSWORD);
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

    it('refuses an extension another agent has, leaving the agent as it was', async () => {
      await agents.create(newAgent(), PASSWORD);
      const other = await agents.create(newAgent({ agentId: 'li-na', extension: '2002' }), PASSWORD);
      await expect(agents.update('li-na', { extension: '2001', name: '李娜' })).rejects.toBeInstanceOf(AgentConflictError);
      expect(await agents.get('li-na')).toEqual(other);
    });
  });

  describe('remove', () => {
    it('deletes the agent once', async () => {
      await agents.create(newAgent(), PASSWORD);
      expect(await agents.remove('zhang-wei')).toBe(true);
      expect(await agents.remove('zhang-wei')).toBe(false);
      expect(await agents.get('zhang-wei')).toBeNull();
    });
  });

  describe('SIP secrets', () => {
    it('lists every extension with its password, and setSipPassword replaces one', async () => {
      await agents.create(newAgent(), PASSWORD);
      await agents.create(newAgent({ agentId: 'li-na', extension: '1999' }), 'Other0123456789abcd');
      await agents.setSipPassword('zhang-wei', 'Rotated0123456789abc');
      expect(await agents.sipSecrets()).toEqual([
        { extension: '1999', password: 'Other0123456789abcd' },
        { extension: '2001', password: 'Rotated0123456789abc' },
      ]);
    });
  });
}
