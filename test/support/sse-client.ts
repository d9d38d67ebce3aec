// A Server-Sent Events client for tests: opens a stream with a token (and Last-Event-ID), parses
// the events as they arrive and waits for those a test expects, with a timeout.
import { request, type IncomingMessage } from 'node:http';

export interface SseEvent {
  id: string | null;
  event: string;
  data: unknown;
}

export interface SseConnection {
  status: number;
  headers: IncomingMessage['headers'];
  events: SseEvent[];
  /** Comment lines seen (": heartbeat" …). */
  comments: string[];
  /** Resolves with the events so far once `done(events)` holds; rejects after timeoutMs. */
  until(done: (events: SseEvent[]) => boolean, timeoutMs?: number): Promise<SseEvent[]>;
  /** Whether the server ended the stream. */
  readonly ended: boolean;
  /** The body of an answer that is no stream (an error). */
  body(): string;
  close(): void;
}

export function openSse(baseUrl: string, path: string, options: { token?: string; lastEventId?: string; headers?: Record<string, string> } = {}): Promise<SseConnection> {
  const url = new URL(path, baseUrl);
  const headers: Record<string, string> = { accept: 'text/event-stream', ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.lastEventId !== undefined) headers['last-event-id'] = options.lastEventId;
  return new Promise((resolve, reject) => {
    const req = request({ host: url.hostname, port: url.port, path: url.pathname + url.search, headers }, (res) => {
      const events: SseEvent[] = [];
      const comments: string[] = [];
      let buffer = '';
      let raw = '';
      let ended = false;
      const waiters = new Set<() => void>();
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        raw += chunk;
        buffer += chunk;
        let cut: number;
        while ((cut = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, cut);
          buffer = buffer.slice(cut + 2);
          let id: string | null = null;
          let event = 'message';
          const data: string[] = [];
          for (const line of block.split('\n')) {
            if (line.startsWith(':')) comments.push(line.slice(1).trim());
            else if (line.startsWith('id: ')) id = line.slice(4);
            else if (line.startsWith('event: ')) event = line.slice(7);
            else if (line.startsWith('data: ')) data.push(line.slice(6));
          }
          if (data.length) events.push({ id, event, data: JSON.parse(data.join('\n')) as unknown });
        }
        for (const w of waiters) w();
      });
      res.on('end', () => {
        ended = true;
        for (const w of waiters) w();
      });
      res.on('error', () => undefined);
      resolve({
        status: res.statusCode ?? 0,
        headers: res.headers,
        events,
        comments,
        get ended() {
          return ended;
        },
        body: () => raw,
        until(done, timeoutMs = 3_000) {
          return new Promise((ok, fail) => {
            const check = () => {
              if (done(events)) {
                waiters.delete(check);
                clearTimeout(timer);
                ok(events);
              }
            };
            const timer = setTimeout(() => {
              waiters.delete(check);
              fail(new Error(`the stream did not get there in ${timeoutMs} ms; events: ${JSON.stringify(events).slice(0, 1500)}`));
            }, timeoutMs);
            waiters.add(check);
            check();
          });
        },
        close: () => req.destroy(),
      });
    });
    req.on('error', reject);
    req.end();
  });
}
