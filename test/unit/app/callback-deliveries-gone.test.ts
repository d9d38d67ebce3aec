// Callback deliveries over in-memory fakes: a leg met gone under a command is fed back to the
// delivery as that leg's end (the machine decides), and the leg's ChannelDestroyed after it finds
// the delivery over: the callback is settled once.
import { describe, expect, it } from 'vitest';
import { createCallbackDeliveries } from '../../../src/app/callback/callback-deliveries.js';
import { GONE_BEFORE_COMMAND } from '../../../src/domain/shared/machine-step.js';
import { ChannelGoneError, type CallControl } from '../../../src/ports/call/call-control.js';
import type { CallbackRecord, CallbackStore } from '../../../src/ports/callback/callback-store.js';
import type { Logger } from '../../../src/ports/logger.js';
import type { TelephonyEvent } from '../../../src/ports/call/telephony-events.js';

const quiet: Logger = { child: () => quiet, debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };
const NOW = new Date('2026-11-22T08:00:00.000Z');

function harness(goneOn: (command: string, channelId: string) => boolean) {
  const commands: string[] = [];
  const command = (name: string) => async (id: unknown) => {
    const channelId = typeof id === 'object' && id !== null ? String((id as { channelId: string }).channelId) : String(id);
    if (goneOn(name, channelId)) throw new ChannelGoneError(`${name.endsWith('Bridge') ? 'bridge' : 'channel'} ${channelId}`);
    commands.push(`${name} ${channelId}`);
  };
  const control = Object.fromEntries(
    ['originate', 'watchChannel', 'play', 'createBridge', 'addToBridge', 'destroyBridge', 'recordCall', 'setChannelVar', 'hangup'].map((n) => [n, command(n)]),
  ) as unknown as CallControl;
  const settled: string[] = [];
  const store = {
    countAttempt: async () => undefined,
    complete: async (id: string) => (settled.push(`complete ${id}`), null),
    returnToWaiting: async (id: string, result: string) => (settled.push(`back ${id} ${result}`), null),
    attemptFailed: async (id: string, result: string) => (settled.push(`failed ${id} ${result}`), null),
  } as unknown as CallbackStore;
  const timeline: Array<{ type: string; data: Record<string, unknown> }> = [];
  const agentEvents: string[] = [];
  const deliveries = createCallbackDeliveries({
    store,
    control,
    agents: { onCallEvent: async (_a, _c, e) => void agentEvents.push(e), setReady: async () => undefined },
    jobs: () => ({ schedule: async () => undefined }) as never,
    queues: () => new Map(),
    settings: { maxAttempts: 3, retryMs: 60_000, ringSeconds: 30, outboundContext: 'hotline-outbound', hotlineNumber: '12345' },
    requeue: async () => undefined,
    timeline: async (_callId, type, data) => void timeline.push({ type, data }),
    logger: quiet,
    now: () => NOW,
  });
  return { deliveries, commands, settled, timeline, agentEvents };
}

const row = { id: '7', callId: 'c1', queueId: 'general', number: '13800138000', attempts: 0 } as unknown as CallbackRecord;
const started = (channelId: string): TelephonyEvent => ({ type: 'stasis_start', at: NOW, channelId, args: ['callback-leg'], callerNumber: '', dialedNumber: '' });
const destroyed = (channelId: string): TelephonyEvent => ({ type: 'channel_destroyed', at: NOW, channelId, cause: 16, causeText: 'Normal Clearing' });

/** Runs a delivery to the citizen's answer; the id is read off the agent leg it originates. */
async function toBridged(h: ReturnType<typeof harness>): Promise<string> {
  await h.deliveries.start(row, 'zhang', '8001');
  const agentLeg = h.commands.find((c) => c.startsWith('originate '))!.slice('originate '.length);
  const deliveryId = agentLeg.replace(/-agent$/, '');
  h.deliveries.handle(started(agentLeg));
  await h.deliveries.idle();
  h.deliveries.handle({ type: 'playback_finished', at: NOW, playbackId: `${deliveryId}-whisper`, channelId: agentLeg } as TelephonyEvent);
  await h.deliveries.idle();
  h.deliveries.handle(started(`${deliveryId}-citizen`));
  await h.deliveries.idle();
  return deliveryId;
}

describe('callback deliveries: a leg met gone under a command', () => {
  it('ends the delivery as the citizen\'s hang-up, settling the callback once', async () => {
    const h = harness((name, channelId) => name === 'setChannelVar' && channelId.endsWith('-citizen'));
    const deliveryId = await toBridged(h);
    expect(h.settled).toEqual(['complete 7']);
    expect(h.timeline).toContainEqual({ type: 'hangup', data: { callbackId: '7', agentId: 'zhang', reason: GONE_BEFORE_COMMAND } });
    expect(h.commands).toContain(`hangup ${deliveryId}-agent`);
    expect(h.deliveries.held()).toEqual(new Set());

    h.deliveries.handle(destroyed(`${deliveryId}-citizen`));
    h.deliveries.handle(destroyed(`${deliveryId}-agent`));
    await h.deliveries.idle();
    expect(h.settled).toEqual(['complete 7']);
    expect(h.timeline.filter((t) => t.type === 'hangup')).toHaveLength(1);
    expect(h.agentEvents.filter((e) => e === 'call_ended')).toHaveLength(1);
  });

  it('ends it as the agent\'s hang-up when the agent leg is the one gone', async () => {
    const h = harness((name, channelId) => name === 'setChannelVar' && channelId.endsWith('-agent'));
    await toBridged(h);
    expect(h.settled).toEqual(['complete 7']);
    expect(h.timeline).toContainEqual({ type: 'callback_completed', data: { callbackId: '7', agentId: 'zhang', firstHangupSide: 'agent' } });
  });

  it('feeds nothing for a gone bridge: the legs\' own events decide', async () => {
    const h = harness((name) => name === 'addToBridge');
    const deliveryId = await toBridged(h);
    expect(h.settled).toEqual([]);
    expect(h.deliveries.held()).toEqual(new Set(['7']));
    h.deliveries.handle(destroyed(`${deliveryId}-citizen`));
    await h.deliveries.idle();
    expect(h.settled).toEqual(['complete 7']);
    expect(h.timeline).toContainEqual({ type: 'hangup', data: { callbackId: '7', agentId: 'zhang', reason: 'Normal Clearing (16)' } });
  });
});
