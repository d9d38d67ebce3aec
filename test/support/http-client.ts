// A small JSON client for integration tests that run an express app on a free local port.
// Requests carry `Authorization: Bearer <token>`: the bootstrap admin token of the test process
// unless another token is given (null sends none).
import type { Server } from 'node:http';
import type { Express } from 'express';
import { TEST_ADMIN_TOKEN } from './api-access.js';

export interface JsonResponse<T = Record<string, unknown>> {
  status: number;
  headers: Headers;
  body: T;
}

export interface RequestOptions {
  /** A token for this request; null for none. Default: the client's token. */
  token?: string | null;
  headers?: Record<string, string>;
}

export interface TestHttpServer {
  request<T = Record<string, unknown>>(method: string, path: string, body?: unknown, options?: RequestOptions): Promise<JsonResponse<T>>;
  /** The same server, another default token (null: none). */
  as(token: string | null): Pick<TestHttpServer, 'request'>;
  close(): Promise<void>;
}

export async function listen(app: Express, options: { token?: string | null } = {}): Promise<TestHttpServer> {
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  const defaultToken = options.token === undefined ? TEST_ADMIN_TOKEN : options.token;

  const requestWith = (fallbackToken: string | null) =>
    async function request<T>(method: string, path: string, body?: unknown, opts: RequestOptions = {}): Promise<JsonResponse<T>> {
      const token = opts.token === undefined ? fallbackToken : opts.token;
      const headers: Record<string, string> = { ...(token === null ? {} : { authorization: `Bearer ${token}` }), ...opts.headers };
      if (body !== undefined) headers['content-type'] = 'application/json';
      const res = await fetch(base + path, {
        method,
        headers,
        ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
      });
      const text = await res.text();
      return { status: res.status, headers: res.headers, body: (text ? JSON.parse(text) : undefined) as T };
    };

  return {
    request: requestWith(defaultToken),
    as: (token) => ({ request: requestWith(token) }),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
