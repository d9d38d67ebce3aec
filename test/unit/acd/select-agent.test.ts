import { describe, expect, it } from 'vitest';
import { eligibleAgents, meetsRequirement, selectAgent, skillScore } from '../../../src/domain/acd/select-agent.js';
import type { AcdAgent } from '../../../src/domain/acd/acd-types.js';
import { agent, requirement, sec } from './acd-fixtures.js';

describe('meetsRequirement', () => {
  const housing3 = requirement({ housing: 3 });
  it.each([
    ['the skill at the minimum', agent('a', { housing: 3 }), housing3, true],
    ['the skill below the minimum', agent('a', { housing: 2 }), housing3, false],
    ['another skill only', agent('a', { tax: 5 }), housing3, false],
    ['an accepted alternative at the minimum', agent('a', { general: 3 }), requirement({ housing: 3 }, { alternativeSkills: ['general'] }), true],
    ['an accepted alternative below the minimum', agent('a', { general: 2 }), requirement({ housing: 3 }, { alternativeSkills: ['general'] }), false],
    ['one of two required skills', agent('a', { housing: 5 }), requirement({ housing: 3, tax: 1 }), false],
    ['both required skills', agent('a', { housing: 5, tax: 1 }), requirement({ housing: 3, tax: 1 }), true],
    ['a language of the queue', agent('a', { housing: 3 }, { languages: ['zh', 'yue'] }), requirement({ housing: 3 }, { languages: ['yue'] }), true],
    ['no language of the queue', agent('a', { housing: 3 }, { languages: ['zh'] }), requirement({ housing: 3 }, { languages: ['en'] }), false],
    ['no language once dropped', agent('a', { housing: 3 }, { languages: ['zh'] }), requirement({ housing: 3 }, { languages: null }), true],
    ['no skills asked (general queue)', agent('a', {}), requirement({}), true],
  ])('%s -> %s', (_name, a, req, expected) => {
    expect(meetsRequirement(a, req)).toBe(expected);
  });

  it('eligibleAgents keeps the qualified agents whatever their state', () => {
    const agents = [
      agent('a', { housing: 4 }, { state: { status: 'on_call', since: 0, callId: 'c9', pendingNotReady: null } }),
      agent('b', { housing: 1 }),
      agent('c', { housing: 3 }),
    ];
    expect(eligibleAgents(agents, requirement({ housing: 3 })).map((x) => x.agentId)).toEqual(['a', 'c']);
  });
});

describe('selectAgent', () => {
  const req = requirement({ housing: 3, tax: 2 });
  const ids = (agents: AcdAgent[]) => selectAgent(agents, req)?.agentId ?? null;

  it.each([
    ['the longest idle wins over the more skilled', [agent('a', { housing: 5, tax: 5 }, { readySince: sec(20) }), agent('b', { housing: 3, tax: 2 }, { readySince: sec(10) })], 'b'],
    // sum rule: b has 4 + 4 = 8 against a's 5 + 2 = 7, though a's best single skill (5) is higher
    ['same idle time: the higher skill sum wins', [agent('a', { housing: 5, tax: 2 }), agent('b', { housing: 4, tax: 4 })], 'b'],
    ['same idle time and skill: the lower agent id', [agent('b2', { housing: 4, tax: 4 }), agent('b10', { housing: 4, tax: 4 })], 'b10'],
    ['an agent not ready is passed over', [agent('a', { housing: 5, tax: 5 }, { state: { status: 'not_ready', since: sec(0), reason: 'break', note: null } }), agent('b', { housing: 3, tax: 2 }, { readySince: sec(50) })], 'b'],
    ['an agent ringing for another call is passed over', [agent('a', { housing: 5, tax: 5 }, { state: { status: 'ringing', since: sec(0), callId: 'c9' } }), agent('b', { housing: 3, tax: 2 }, { readySince: sec(50) })], 'b'],
    ['a ready agent with an unreachable phone is passed over', [agent('a', { housing: 5, tax: 5 }, { deviceReachable: false }), agent('b', { housing: 3, tax: 2 }, { readySince: sec(50) })], 'b'],
    ['an unqualified agent is passed over however long idle', [agent('a', { housing: 2, tax: 5 }, { readySince: sec(-900) }), agent('b', { housing: 3, tax: 2 }, { readySince: sec(50) })], 'b'],
    ['nobody qualified and free', [agent('a', { housing: 2, tax: 5 })], null],
    ['nobody at all', [], null],
  ])('%s', (_name, agents, expected) => {
    expect(ids(agents)).toBe(expected);
  });

  it('an accepted alternative skill counts in the tie-break when it is higher', () => {
    const widened = requirement({ housing: 3 }, { alternativeSkills: ['general'] });
    const a = agent('a', { housing: 3 });
    const b = agent('b', { housing: 3, general: 5 });
    expect([skillScore(a, widened), skillScore(b, widened)]).toEqual([3, 5]);
    expect(selectAgent([a, b], widened)?.agentId).toBe('b');
  });

  it('without readySince the time the agent became ready counts', () => {
    const a: AcdAgent = { agentId: 'a', skills: { housing: 3, tax: 2 }, languages: ['zh'], state: { status: 'ready', since: sec(30) } };
    const b: AcdAgent = { agentId: 'b', skills: { housing: 3, tax: 2 }, languages: ['zh'], state: { status: 'ready', since: sec(10) } };
    expect(selectAgent([a, b], req)?.agentId).toBe('b');
  });

  it('gives the same answer whatever the input order', () => {
    const pool = [
      agent('c', { housing: 4, tax: 4 }, { readySince: sec(5) }),
      agent('a', { housing: 5, tax: 2 }, { readySince: sec(5) }),
      agent('b', { housing: 4, tax: 4 }, { readySince: sec(5) }),
      agent('d', { housing: 5, tax: 5 }, { readySince: sec(6) }),
    ];
    const orders = [pool, [...pool].reverse(), [pool[2]!, pool[0]!, pool[3]!, pool[1]!]];
    expect(orders.map((o) => selectAgent(o, req)?.agentId)).toEqual(['b', 'b', 'b']);
  });
});
