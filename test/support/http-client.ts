// A small JSON client for integration tests that run an express app on a free local port.
import type { Server } from 'node:http';
import type { Express } from 'express';

export interface JsonResponse<T = Record<string, unknown>> {
  status: number;
  headers: Headers;
  body: T;
}

export interface TestHttpServer {
  request<T = Record<string, unknown>>(method: string, path: string, body?: unknown): Promise<JsonResponse<T>>;
  close(): Promise<void>;
}

export async function listen(app: Express): Promise<TestHttpServer> {
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  return {
    async request<T>(method: string, path: string, body?: unknown) {
      const res = await fetch(base + path, {
        method,
        ...(body === undefined
          ? {}
          : { headers: { 'content-type': 'application/json' }, body: typeof body === 'string' ? body : JSON.stringify(body) }),
      });
      const text = await res.text();
      return { status: res.status, headers: res.headers, body: (text ? JSON.parse(text) : undefined) as T };
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
