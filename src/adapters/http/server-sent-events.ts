// Server-Sent Events on an express response: the stream's headers, events with an id and a name,
// a comment every `heartbeatMs` (so proxies and the browser see the line alive), and the end of
// the stream after `maxMs` (the browser reconnects at once with Last-Event-ID, and the request is
// checked again: a revoked token or an ended session gets no more events). A client that reads
// too slowly (over 1 MB unsent) is cut off; it reconnects and catches up.
import type { Request, Response } from 'express';

export interface SseOptions {
  heartbeatMs: number;
  maxMs: number;
  /** Browser's wait before reconnecting, in ms (the `retry:` field). */
  retryMs?: number;
}

export interface SseStream {
  send(name: string, data: unknown, id?: string): void;
  /** Ends the stream (the browser reconnects). */
  end(): void;
  /** Runs when the stream ends, either side; at once if it has already. */
  onClose(listener: () => void): void;
}

const MAX_UNSENT_BYTES = 1 << 20;

export function openSse(req: Request, res: Response, opts: SseOptions): SseStream {
  res.status(200).set({
    'Content-Type': 'text/event-stream; charset=utf-8',
    'Cache-Control': 'no-cache, no-transform',
    Connection: 'keep-alive',
    'X-Accel-Buffering': 'no',
  });
  res.flushHeaders();
  req.socket.setNoDelay(true);
  let open = true;
  const closers: Array<() => void> = [];
  const close = () => {
    if (!open) return;
    open = false;
    clearInterval(heartbeat);
    clearTimeout(limit);
    for (const c of closers) c();
  };
  const write = (text: string) => {
    if (!open) return;
    res.write(text);
    if (res.writableLength > MAX_UNSENT_BYTES) stream.end();
  };
  const heartbeat = setInterval(() => write(': heartbeat\n\n'), opts.heartbeatMs);
  const limit = setTimeout(() => stream.end(), opts.maxMs);
  res.on('close', close);
  const stream: SseStream = {
    send(name, data, id) {
      // JSON has no raw line breaks, so one data line carries it
      write(`${id === undefined ? '' : `id: ${id}\n`}event: ${name}\ndata: ${JSON.stringify(data)}\n\n`);
    },
    end() {
      if (!open) return;
      close();
      res.end();
    },
    onClose(listener) {
      if (open) closers.push(listener);
      else listener();
    },
  };
  write(`retry: ${opts.retryMs ?? 3_000}\n: connected\n\n`);
  return stream;
}
