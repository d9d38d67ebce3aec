// Which call a channel, playback or bridge belongs to. Ids are chosen by the app before each
// command (see domain/call/call-flow.ts), so the call id can be read back from them.

const LEG_SUFFIX = /^(.+)-emergency$/;
const AGENT_LEG = /^(.+)-agent\d+$/;
const PLAYBACK = /^(.+)-pb\d+$/;

export type ChannelRole = { role: 'caller' | 'emergency' | 'agent'; callId: string };

export function roleOfChannel(channelId: string): ChannelRole {
  const agent = AGENT_LEG.exec(channelId);
  if (agent?.[1]) return { role: 'agent', callId: agent[1] };
  const leg = LEG_SUFFIX.exec(channelId);
  if (leg?.[1]) return { role: 'emergency', callId: leg[1] };
  return { role: 'caller', callId: channelId };
}

export function callIdOfPlayback(playbackId: string): string | null {
  return PLAYBACK.exec(playbackId)?.[1] ?? null;
}

/** Channels, bridges and playbacks of a callback delivery (see callbacks.ts): never an inbound call. */
export function isCallbackDeliveryId(id: string): boolean {
  return id.startsWith('callback-');
}

/** The far half of an originated Local channel: never in the app, never routed. */
export function isFarHalf(channelId: string): boolean {
  return channelId.endsWith('-far');
}
