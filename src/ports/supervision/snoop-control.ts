// What supervision needs from the telephony side besides CallControl: a snoop channel on a live
// channel (ARI POST /channels/{id}/snoop), implemented in src/adapters/ari/ari-snoop-control.ts.

export interface SnoopRequest {
  /** Chosen before the command, like every id the app uses. */
  snoopId: string;
  /** The channel spied on (the agent's leg). */
  channelId: string;
  /** Audio taken from the channel: 'both' = what it sends and what it hears. */
  spy: 'none' | 'both' | 'in' | 'out';
  /** Audio put into the channel: 'out' = into what its phone hears; 'none' = nobody hears the snoop. */
  whisper: 'none' | 'both' | 'in' | 'out';
  /** Arguments the snoop channel carries into the Stasis application. */
  appArgs: string[];
}

export interface SnoopControl {
  /** Creates the snoop channel in the application; ChannelGoneError when the spied channel is gone. */
  snoop(request: SnoopRequest): Promise<void>;
}
