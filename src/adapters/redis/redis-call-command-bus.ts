// Commands between the app instances of one hotline over Redis pub/sub: one channel per ARI app
// (`<REDIS_PREFIX>call-commands:<app>`), JSON messages checked by a zod schema on the way in
// (anything malformed is logged and dropped). Subscribing takes a connection of its own. The
// instance that ran a command leaves its outcome under `<REDIS_PREFIX>call-command:<id>` for a
// minute, for the sender to look up.
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { z } from 'zod';
import { EMERGENCY_NUMBERS } from '../../domain/emergency/emergency-keys.js';
import type { CallCommand, CallCommandBus, CallCommandOutcome } from '../../ports/call/call-command-bus.js';
import type { Logger } from '../../ports/logger.js';

const at = z.iso.datetime({ offset: true }).transform((s) => new Date(s));
const id = z.string().min(1).max(200);
const OUTCOME_TTL_SECONDS = 60;
const commandSchema = z.strictObject({
  id: z.uuid(),
  app: id,
  callId: id,
  event: z.discriminatedUnion('type', [
    z.strictObject({ type: z.literal('end_service'), at, by: z.enum(['agent_api', 'agent_phone', 'supervisor']) }),
    z.strictObject({ type: z.literal('hold'), at, on: z.boolean(), via: z.enum(['api', 'phone']) }),
    z.strictObject({ type: z.literal('agent_emergency'), at, number: z.enum(EMERGENCY_NUMBERS), via: z.enum(['api', 'phone']) }),
    z.strictObject({ type: z.literal('hangup_agent_leg'), at, channelId: id }),
  ]),
});

/** Parses one message off the bus: the command, or why it is not one. */
export function parseCallCommand(raw: string): { id: string; command: CallCommand } | { error: string } {
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return { error: 'not JSON' };
  }
  const parsed = commandSchema.safeParse(json);
  if (!parsed.success) return { error: parsed.error.issues.map((i) => `${i.path.join('.') || '(message)'}: ${i.message}`).join('; ') };
  const { id: commandId, ...command } = parsed.data;
  return { id: commandId, command };
}

export function createRedisCallCommandBus(opts: { redis: Redis; redisPrefix: string; logger: Logger }): CallCommandBus {
  const log = opts.logger.child({ component: 'call-command-bus' });
  const channelOf = (app: string) => `${opts.redisPrefix}call-commands:${app}`;
  const outcomeKey = (commandId: string) => `${opts.redisPrefix}call-command:${commandId}`;
  const keepOutcome = (commandId: string, outcome: CallCommandOutcome) =>
    opts.redis.set(outcomeKey(commandId), outcome, 'EX', OUTCOME_TTL_SECONDS).catch((err: unknown) => log.warn({ err }, 'could not keep a call command outcome'));
  let subscriber: Redis | null = null;
  const connection = () => {
    if (!subscriber) {
      subscriber = opts.redis.duplicate();
      subscriber.on('error', (err: Error) => log.warn({ err: err.message }, 'command bus connection error'));
    }
    return subscriber;
  };

  return {
    async publish(command) {
      const commandId = randomUUID();
      const message = JSON.stringify({ id: commandId, ...command, event: { ...command.event, at: command.event.at.toISOString() } });
      return (await opts.redis.publish(channelOf(command.app), message)) > 0 ? commandId : null;
    },
    async outcome(commandId) {
      const v = await opts.redis.get(outcomeKey(commandId));
      return v === 'done' || v === 'failed' ? v : null;
    },
    /** Rejects when Redis cannot be reached now; it subscribes anyway as soon as the connection is back. */
    async subscribe(app, handle) {
      const channel = channelOf(app);
      const sub = connection();
      sub.on('message', (from: string, raw: string) => {
        if (from !== channel) return;
        const parsed = parseCallCommand(raw);
        if ('error' in parsed) {
          log.warn({ error: parsed.error, message: raw.slice(0, 200) }, 'malformed call command dropped');
          return;
        }
        if (parsed.command.app !== app) {
          log.warn({ app: parsed.command.app, channel }, 'call command for another app dropped');
          return;
        }
        const { callId, event } = parsed.command;
        log.debug({ callId, event: event.type }, 'call command received');
        void handle(parsed.command).then(
          () => keepOutcome(parsed.id, 'done'),
          (err: unknown) => {
            log.error({ err, callId, event: event.type }, 'call command failed');
            return keepOutcome(parsed.id, 'failed');
          },
        );
      });
      // once subscribed, ioredis subscribes again by itself after a reconnect
      const attempt = async (): Promise<void> => {
        try {
          await sub.subscribe(channel);
          log.info({ channel }, 'listening for call commands');
        } catch (err) {
          log.warn({ err: (err as Error).message, channel }, 'could not subscribe to call commands; trying again when Redis is back');
          if (subscriber === sub) sub.once('ready', () => void attempt().catch(() => undefined));
          throw err;
        }
      };
      await attempt();
    },
    async close() {
      const sub = subscriber;
      subscriber = null;
      if (sub) await sub.quit().catch(() => sub.disconnect());
    },
  };
}
