// Validates raw ARI websocket events with zod and turns the ones the hotline uses into
// TelephonyEvent. Anything else, or anything malformed, returns null (the caller logs it).
import { z } from 'zod';
import type { TelephonyEvent } from '../../ports/call/telephony-events.js';

const channel = z.object({
  id: z.string(),
  state: z.string().optional(),
  caller: z.object({ number: z.string().default('') }).partial().optional(),
  dialplan: z.object({ exten: z.string().default('') }).partial().optional(),
});
const base = z.object({ type: z.string(), timestamp: z.string().optional() });

const schemas = {
  StasisStart: base.extend({ channel, args: z.array(z.string()).default([]) }),
  StasisEnd: base.extend({ channel }),
  ChannelStateChange: base.extend({ channel }),
  ChannelDtmfReceived: base.extend({ channel, digit: z.string(), duration_ms: z.number().default(0) }),
  PlaybackStarted: base.extend({ playback: z.object({ id: z.string(), target_uri: z.string().default('') }) }),
  PlaybackFinished: base.extend({ playback: z.object({ id: z.string(), target_uri: z.string().default('') }) }),
  ChannelHangupRequest: base.extend({ channel, cause: z.number().default(0), soft: z.boolean().default(false) }),
  ChannelDestroyed: base.extend({ channel, cause: z.number().default(0), cause_txt: z.string().default('') }),
  ChannelEnteredBridge: base.extend({ channel, bridge: z.object({ id: z.string() }) }),
  ChannelLeftBridge: base.extend({ channel, bridge: z.object({ id: z.string() }) }),
  ChannelTalkingStarted: base.extend({ channel }),
  ChannelTalkingFinished: base.extend({ channel, duration: z.number().default(0) }),
} as const;

/** The ARI event types the hotline uses: Asterisk is asked to send only these (the app's event filter). */
export const ARI_EVENT_TYPES: readonly string[] = Object.keys(schemas);

/** ARI timestamps are strings like 2026-11-22T09:30:01.123+0800 (not ISO with a colon in the offset). */
/** Q.850 cause 16. */
const NORMAL_CLEARING = 16;

export function parseAriTimestamp(value: string | undefined, fallback: Date): Date {
  if (!value) return fallback;
  const iso = value.replace(/([+-]\d{2})(\d{2})$/, '$1:$2');
  const parsed = new Date(iso);
  return Number.isNaN(parsed.getTime()) ? fallback : parsed;
}

function targetChannel(uri: string): string | null {
  return uri.startsWith('channel:') ? uri.slice('channel:'.length) : null;
}

export function toTelephonyEvent(raw: unknown, now: Date): TelephonyEvent | null {
  const head = base.safeParse(raw);
  if (!head.success) return null;
  const type = head.data.type as keyof typeof schemas;
  const schema = schemas[type];
  if (!schema) return null;
  const parsed = schema.safeParse(raw);
  if (!parsed.success) return null;
  const at = parseAriTimestamp(head.data.timestamp, now);
  const e = parsed.data as Record<string, never> & z.infer<(typeof schemas)['ChannelDestroyed']>;
  switch (type) {
    case 'StasisStart': {
      const s = parsed.data as z.infer<(typeof schemas)['StasisStart']>;
      return {
        type: 'stasis_start',
        at,
        channelId: s.channel.id,
        args: s.args,
        callerNumber: s.channel.caller?.number ?? '',
        dialedNumber: s.channel.dialplan?.exten ?? '',
      };
    }
    case 'StasisEnd':
      return { type: 'stasis_end', at, channelId: e.channel.id };
    case 'ChannelStateChange':
      return { type: 'channel_state', at, channelId: e.channel.id, state: e.channel.state ?? '' };
    case 'ChannelDtmfReceived': {
      const d = parsed.data as z.infer<(typeof schemas)['ChannelDtmfReceived']>;
      return { type: 'dtmf', at, channelId: d.channel.id, digit: d.digit, durationMs: d.duration_ms };
    }
    case 'PlaybackStarted':
    case 'PlaybackFinished': {
      const p = parsed.data as z.infer<(typeof schemas)['PlaybackStarted']>;
      return {
        type: type === 'PlaybackStarted' ? 'playback_started' : 'playback_finished',
        at,
        playbackId: p.playback.id,
        channelId: targetChannel(p.playback.target_uri),
      };
    }
    case 'ChannelHangupRequest': {
      const h = parsed.data as z.infer<(typeof schemas)['ChannelHangupRequest']>;
      // A soft hang-up's "cause" is Asterisk's soft-hangup flag (AST_SOFTHANGUP_DEV = 1,
      // EXPLICIT = 16 …), not a Q.850 cause: unknown here, ChannelDestroyed brings the real one
      // (e.g. 44 when PJSIP cut a leg for lack of RTP). A hard one is queued by the channel
      // driver when the far end hangs up; a SIP BYE without a Reason header comes with no cause
      // (and ChannelDestroyed then says 0, "Unknown"): it is a normal clearing.
      if (h.soft) return { type: 'hangup_request', at, channelId: h.channel.id, cause: 0 };
      return { type: 'hangup_request', at, channelId: h.channel.id, cause: h.cause || NORMAL_CLEARING };
    }
    case 'ChannelDestroyed':
      return { type: 'channel_destroyed', at, channelId: e.channel.id, cause: e.cause, causeText: e.cause_txt };
    case 'ChannelEnteredBridge':
    case 'ChannelLeftBridge': {
      const b = parsed.data as z.infer<(typeof schemas)['ChannelEnteredBridge']>;
      return {
        type: type === 'ChannelEnteredBridge' ? 'bridge_entered' : 'bridge_left',
        at,
        channelId: b.channel.id,
        bridgeId: b.bridge.id,
      };
    }
    case 'ChannelTalkingStarted':
      return { type: 'talking_started', at, channelId: e.channel.id, durationMs: 0 };
    case 'ChannelTalkingFinished': {
      const t = parsed.data as z.infer<(typeof schemas)['ChannelTalkingFinished']>;
      return { type: 'talking_finished', at, channelId: t.channel.id, durationMs: t.duration };
    }
  }
  return null;
}
