// The webhook body: { id, event, orderNo, occurredAt, data } in that order, and no personal
// data in it — a notice whose data looks like a phone or ID number is refused.
import { describe, expect, it } from 'vitest';
import { personalDataIn, webhookBody } from '../../../../src/domain/webhook/webhook-body.js';

describe('webhookBody', () => {
  it('is the five fields in a fixed order, UTF-8 JSON', () => {
    const body = webhookBody({
      data: { level: 'yellow' },
      occurredAt: '2026-12-05T08:00:00.000Z',
      orderNo: '2026-000123',
      event: 'supervision',
      id: '6f1c2b9e-0c55-4b8e-9d7e-1a2b3c4d5e6f',
    });
    expect(body).toBe('{"id":"6f1c2b9e-0c55-4b8e-9d7e-1a2b3c4d5e6f","event":"supervision","orderNo":"2026-000123","occurredAt":"2026-12-05T08:00:00.000Z","data":{"level":"yellow"}}');
  });
});

describe('personalDataIn', () => {
  it.each([
    ['deadlines, levels and order numbers', { level: 'red', replyDueAt: '2026-12-10T09:00:00.000Z', orderNo: '2026-000123', mergedInto: '2026-000120', round: 2 }],
    ['a Chinese title and a date', { title: '小区路灯不亮', day: '2026-12-05' }],
    ['order numbers and times inside text', { note: '与工单 2026-000123 并单，2026-12-10T09:00:00+08:00 前答复' }],
    ['nested lists of plain facts', { departments: ['city-water', 'district-a'], counts: [1, 2, 3] }],
    ['nothing', {}],
  ])('finds none in %s', (_name, data) => {
    expect(personalDataIn(data)).toBeNull();
  });

  it.each([
    ['a mobile number', { note: '请联系 13800138000' }, 'data.note'],
    ['a spaced mobile number', { note: '138 0013 8000' }, 'data.note'],
    ['a landline', { note: '010-12345678' }, 'data.note'],
    ['an ID number', { note: '11010519491231002X' }, 'data.note'],
    ['a mobile number beside an order number', { note: '2026-000123 13800138000' }, 'data.note'],
    ['a phone key', { citizenPhone: '***' }, 'data.citizenPhone'],
    ['a contact key', { contact: { name: '张三' } }, 'data.contact'],
    ['a Chinese key', { 手机: 'x' }, 'data.手机'],
    ['a number as a number', { callback: 13800138000 }, 'data.callback'],
    ['deep in a list', { history: [{ text: 'ok' }, { text: '13800138000' }] }, 'data.history[1].text'],
  ])('finds %s', (_name, data, where) => {
    expect(personalDataIn(data)).toBe(where);
  });
});
