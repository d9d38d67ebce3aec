// What a softphone heard (test/support/softphone.ts with keepHeard: baresip's sndfile dump of the
// decoded audio, from the call's start on): the samples in 20 ms frames, and how long a tone is in them.
import { readFileSync } from 'node:fs';
import { energyShareAt } from './rtp-sink.js';

export interface HeardWav {
  sampleRate: number;
  /** Milliseconds of the file. */
  lengthMs: number;
  /** Milliseconds of loud 20 ms frames with at least `minShare` of their energy at `hz`, between two times (ms from the file's start). */
  heardAtMs(hz: number, fromMs: number, toMs: number, minShare: number): number;
  /** When (ms from the file's start) the first loud frame with at least `minShare` of its energy at `hz` begins; null if none. */
  firstHeardMs(hz: number, minShare: number): number | null;
}

/** Reads a 16-bit PCM WAV (any rate, channels mixed down); the sizes in the header may be unfinished (the data runs to the end). */
export function readHeardWav(file: string): HeardWav {
  const bytes = readFileSync(file);
  if (bytes.toString('latin1', 0, 4) !== 'RIFF' || bytes.toString('latin1', 8, 12) !== 'WAVE') throw new Error(`${file} is no WAV file`);
  let offset = 12;
  let channels = 1;
  let sampleRate = 8000;
  let data: Buffer | null = null;
  while (offset + 8 <= bytes.length) {
    const id = bytes.toString('latin1', offset, offset + 4);
    const size = bytes.readUInt32LE(offset + 4);
    if (id === 'fmt ') {
      channels = bytes.readUInt16LE(offset + 10);
      sampleRate = bytes.readUInt32LE(offset + 12);
      const bits = bytes.readUInt16LE(offset + 22);
      if (bits !== 16) throw new Error(`${file}: ${bits}-bit samples, only 16-bit PCM is read`);
    }
    if (id === 'data') {
      data = bytes.subarray(offset + 8, size > 0 && offset + 8 + size <= bytes.length ? offset + 8 + size : bytes.length);
      break;
    }
    offset += 8 + size + (size % 2);
  }
  if (!data) throw new Error(`${file} has no data chunk`);
  const count = Math.floor(data.length / (2 * channels));
  const mono = new Float64Array(count);
  for (let i = 0; i < count; i += 1) {
    let sum = 0;
    for (let c = 0; c < channels; c += 1) sum += data.readInt16LE((i * channels + c) * 2);
    mono[i] = sum / channels;
  }
  const frameLength = Math.round(sampleRate * 0.02);
  const frames: Array<{ atMs: number; rms: number; samples: Float64Array }> = [];
  for (let start = 0; start + frameLength <= count; start += frameLength) {
    const samples = mono.subarray(start, start + frameLength);
    let sum = 0;
    for (const x of samples) sum += x * x;
    frames.push({ atMs: (start / sampleRate) * 1000, rms: Math.sqrt(sum / frameLength), samples });
  }
  const has = (f: (typeof frames)[number], hz: number, minShare: number) => f.rms > 300 && energyShareAt(f.samples, hz, sampleRate) >= minShare;
  return {
    sampleRate,
    lengthMs: (count / sampleRate) * 1000,
    heardAtMs(hz, fromMs, toMs, minShare) {
      return frames.filter((f) => f.atMs >= fromMs && f.atMs <= toMs && has(f, hz, minShare)).length * 20;
    },
    firstHeardMs(hz, minShare) {
      return frames.find((f) => has(f, hz, minShare))?.atMs ?? null;
    },
  };
}
