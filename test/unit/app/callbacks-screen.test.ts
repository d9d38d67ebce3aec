// The callbacks' delivery asks first whether a callback may be dialled (a missed-call callback
// whose citizen called again, or in quiet hours, may not): a refusal sends the claimed agent back
// to the pool at once and never takes the callback for delivery; a failing check dials as before.
import { describe, expect, it } from 'vitest';
import { createCallbacks } from '../../../src/app/callback/callbacks.js';
import type { AgentPool } from '../../../src/ports/acd/agent-pool.js';
import type { CallControl } from '../../../src/ports/call/call-control.js';
import type { CallRecords } from '../../../src/ports/call/call-records.js';
import type { CallbackStore } from '../../../src/ports/callback/callback-store.js';
import type { Logger } from '../../../src/ports/logger.js';
import type { WaitingList } from '../../../src/ports/acd/waiting-list.js';

const quiet: Logger = { child: () => quiet, debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };
const NOW = new Date('2026-11-22T08:00:00.000Z');
const entry = { callId: 'c1', queueId: 'general', priority: 0, queuedAt: NOW.getTime() - 60_000, callbackId: 'abcdef012345' };

function harness(screen: (id: string) => Promise<boolean>) {
  const calls: string[] = [];
  let kicks = 0;
  const store = { startDelivery: async (id: string) => (calls.push(`startDelivery ${id}`), null) } as unknown as CallbackStore;
  const pool = { releaseAgent: async (agentId: string, callId: string, o: { backToReady: boolean }) => void calls.push(`release ${agentId} ${callId} ${o.backToReady}`) } as unknown as AgentPool;
  const callbacks = createCallbacks({
    store, waiting: {} as WaitingList, pool, agents: { onCallEvent: async () => undefined, setReady: async () => undefined },
    control: {} as CallControl, records: {} as CallRecords, jobs: () => ({}) as never, queues: () => new Map(), feed: () => undefined,
    kickAcd: () => void (kicks += 1), screen,
    settings: { maxAttempts: 3, retryMs: 60_000, ringSeconds: 30, outboundContext: 'hotline-outbound', hotlineNumber: '12345' },
    logger: quiet, now: () => NOW,
  });
  return { callbacks, calls, kicks: () => kicks };
}

describe('a callback screened right before it is dialled', () => {
  it('refused: the agent goes back to ready at once and the callback is not taken', async () => {
    const asked: string[] = [];
    const h = harness(async (id) => (asked.push(id), false));
    await h.callbacks.deliver(entry, 'zhang', '8001');
    expect(asked).toEqual(['abcdef012345']);
    expect(h.calls).toEqual(['release zhang c1 true']);
    expect(h.kicks()).toBe(1);
  });

  it('allowed, or the check failed: the callback is taken for delivery as before', async () => {
    for (const screen of [async () => true, async () => Promise.reject(new Error('database down'))]) {
      const h = harness(screen);
      await h.callbacks.deliver(entry, 'zhang', '8001');
      // (the stand-in store has nothing waiting: the agent is released after the attempt to take it)
      expect(h.calls).toEqual(['startDelivery abcdef012345', 'release zhang c1 true']);
    }
  });
});
