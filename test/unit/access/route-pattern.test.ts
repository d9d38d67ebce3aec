import { describe, expect, it } from 'vitest';
import { matchRoute } from '../../../src/domain/access/route-pattern.js';

describe('matchRoute (the way express 5 routes a path)', () => {
  it.each([
    ['/api/calls', '/api/calls', {}],
    ['/api/calls', '/api/calls/', {}],
    ['/api/calls', '/API/Calls', {}],
    ['/api/calls/:id', '/api/calls/1763800000.42', { id: '1763800000.42' }],
    ['/api/agents/:id/login', '/api/agents/zhang-wei/login', { id: 'zhang-wei' }],
    ['/api/agents/:id/login', '/api/agents/zhang%2Dwei/login', { id: 'zhang-wei' }],
    ['/api/agents/:id/login', '/api/agents/a%2Fb/login', { id: 'a/b' }],
    ['/healthz', '/healthz', {}],
  ])('%s matches %s', (pattern, path, params) => {
    expect(matchRoute(pattern, path)).toEqual(params);
  });

  it.each([
    ['/api/calls', '/api/calls/x'],
    ['/api/calls/:id', '/api/calls'],
    ['/api/calls/:id', '/api/calls/'],
    ['/api/calls/:id', '/api/calls//'],
    ['/api/agents/:id/login', '/api/agents//login'],
    ['/api/agents/:id/login', '/api/agents/%E0%A4%A/login'],
    ['/api/calls', '//api/calls'],
    ['/api/calls', '/api/%63alls'],
    ['/api/calls', 'api/calls'],
    ['/api/calls', '/api/calls//'],
  ])('%s does not match %s', (pattern, path) => {
    expect(matchRoute(pattern, path)).toBeNull();
  });
});
