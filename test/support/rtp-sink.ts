// What a test caller "hears": a UDP socket that receives the RTP Asterisk sends to the
// caller, decodes G.711 u-law and keeps the audio level over time.
import { createSocket, type Socket } from 'node:dgram';

export interface HeardFrame {
  /** ms since the sink opened */
  atMs: number;
  /** RMS of the frame's samples, 0..32767 */
  rms: number;
  /** Share of the frame's energy at 1 kHz (Goertzel), 0..1: near 1 for the agents' test tone, low for speech. */
  tone1k: number;
  /** Share of the frame's energy at 450 Hz, 0..1: near 1 for China's ringback tone (indications.conf cn). */
  tone450: number;
}

export interface RtpSink {
  readonly address: string;
  readonly port: number;
  /** Epoch ms when the sink opened: frames' atMs count from here. */
  readonly openedAt: number;
  readonly packets: number;
  readonly frames: HeardFrame[];
  /** Milliseconds of frames louder than `threshold` RMS (speech, tones) between two times. */
  loudMs(fromMs?: number, toMs?: number, threshold?: number): number;
  /** Milliseconds of frames that are the 1 kHz tone (loud, most energy at 1 kHz) between two times. */
  toneMs(fromMs?: number, toMs?: number): number;
  /** Milliseconds of frames that are ringback (loud, most energy at 450 Hz) between two times. */
  ringbackMs(fromMs?: number, toMs?: number): number;
  /** Milliseconds of loud frames with at least `minShare` of their energy at `hz` (a tone among others, e.g. in a three-way mix). */
  heardAtMs(hz: number, fromMs: number, toMs: number, minShare: number): number;
  close(): Promise<void>;
}

function ulawToLinear(byte: number): number {
  const u = ~byte & 0xff;
  const sign = u & 0x80;
  const exponent = (u >> 4) & 0x07;
  const mantissa = u & 0x0f;
  const sample = (((mantissa << 3) + 0x84) << exponent) - 0x84;
  return sign ? -sample : sample;
}

/** Goertzel: the share of the samples' energy at `hz` (8 kHz sampling unless told); 1 for a pure tone at `hz`. */
export function energyShareAt(samples: ArrayLike<number>, hz: number, sampleRate = 8000): number {
  const n = samples.length;
  const w = (2 * Math.PI * hz) / sampleRate;
  const coeff = 2 * Math.cos(w);
  let s1 = 0;
  let s2 = 0;
  let total = 0;
  for (let i = 0; i < n; i += 1) {
    const x = samples[i]!;
    total += x * x;
    const s0 = x + coeff * s1 - s2;
    s2 = s1;
    s1 = s0;
  }
  const power = s1 * s1 + s2 * s2 - coeff * s1 * s2;
  return Math.min(1, (2 * power) / (n * total));
}

export async function openRtpSink(address = '127.0.0.2'): Promise<RtpSink> {
  const socket: Socket = createSocket('udp4');
  const started = Date.now();
  const frames: HeardFrame[] = [];
  const frameSamples: number[][] = [];
  let packets = 0;
  socket.on('message', (msg) => {
    if (msg.length < 12) return;
    const payloadType = msg[1]! & 0x7f;
    packets += 1;
    if (payloadType !== 0) return; // only PCMU audio counts (telephone-event etc. are skipped)
    const csrc = msg[0]! & 0x0f;
    const offset = 12 + csrc * 4;
    const samples: number[] = [];
    for (let i = offset; i < msg.length; i += 1) samples.push(ulawToLinear(msg[i]!));
    const sum = samples.reduce((a, x) => a + x * x, 0);
    const n = samples.length;
    const share = (hz: number) => (n && sum > 0 ? energyShareAt(samples, hz) : 0);
    frames.push({ atMs: Date.now() - started, rms: n ? Math.sqrt(sum / n) : 0, tone1k: share(1000), tone450: share(450) });
    frameSamples.push(samples);
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.bind(0, address, () => resolve());
  });
  const port = socket.address().port;
  return {
    address,
    port,
    openedAt: started,
    get packets() {
      return packets;
    },
    frames,
    loudMs(fromMs = 0, toMs = Number.POSITIVE_INFINITY, threshold = 300) {
      return frames.filter((f) => f.atMs >= fromMs && f.atMs <= toMs && f.rms > threshold).length * 20;
    },
    toneMs(fromMs = 0, toMs = Number.POSITIVE_INFINITY) {
      return frames.filter((f) => f.atMs >= fromMs && f.atMs <= toMs && f.rms > 300 && f.tone1k > 0.6).length * 20;
    },
    ringbackMs(fromMs = 0, toMs = Number.POSITIVE_INFINITY) {
      return frames.filter((f) => f.atMs >= fromMs && f.atMs <= toMs && f.rms > 300 && f.tone450 > 0.6).length * 20;
    },
    heardAtMs(hz, fromMs, toMs, minShare) {
      return frames.filter((f, i) => f.atMs >= fromMs && f.atMs <= toMs && f.rms > 300 && energyShareAt(frameSamples[i]!, hz) >= minShare).length * 20;
    },
    close: () => new Promise<void>((resolve) => socket.close(() => resolve())),
  };
}
