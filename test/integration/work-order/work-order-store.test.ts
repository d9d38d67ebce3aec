// The work-order store on PostgreSQL and PGlite: numbers per China year from the counter, one
// number each however many orders are taken at once; a transition stored with its event and
// deadlines only at the version it was decided on (of two concurrent actions exactly one wins,
// nothing half-written); a citizen's earlier orders; progress by phone with the last four digits.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate } from '../../../src/adapters/db/migrate.js';
import { createProgressLookup } from '../../../src/adapters/db/work-order-progress.js';
import { createWorkOrderStore } from '../../../src/adapters/db/work-order-store.js';
import type { NewWorkOrder, StoredTransition, WorkOrder, WorkOrderStore } from '../../../src/ports/work-order/work-order-store.js';
import { testDatabaseFactories, type TestDatabase } from '../../support/db-fixtures.js';

const t = (iso: string) => new Date(iso);

const newOrder = (more: Partial<NewWorkOrder> = {}): NewWorkOrder => ({
  channel: 'phone',
  callId: '1772355600.1',
  citizenNumber: '13800138000',
  citizenName: '张先生',
  confidential: false,
  type: 'complaint',
  categoryCode: 'urban.road',
  districtId: 'd-east',
  location: '人民路与解放路交叉口',
  description: '路面塌陷, 有安全隐患',
  urgency: 'normal',
  assistingDepartmentIds: [],
  createdBy: 'token:agent-1',
  at: t('2026-11-23T02:00:00Z'),
  ...more,
});

const dispatchOf = (o: WorkOrder, more: Partial<StoredTransition> = {}): StoredTransition => ({
  orderId: o.id,
  expectedVersion: o.version,
  fromStatus: o.status,
  next: { ...o, status: 'dispatched', leadDepartmentId: 'roads' },
  action: 'dispatch',
  actor: 'token:agent-1',
  at: t('2026-11-23T02:05:00Z'),
  data: { departmentId: 'roads' },
  deadlines: { signDueAt: t('2026-11-24T02:05:00Z'), replyDueAt: t('2026-12-02T02:05:00Z') },
  ...more,
});

describe.each(testDatabaseFactories)('work order store on $kind', ({ create }) => {
  let testDb: TestDatabase;
  let store: WorkOrderStore;

  beforeAll(async () => {
    testDb = await create();
    await migrate(testDb.db);
    const at = t('2026-01-01T00:00:00Z');
    for (const [id, name, kind] of [['d-east', '东城区', 'district'], ['roads', '市政管理局', 'bureau'], ['parks', '园林局', 'bureau']]) {
      await testDb.db.query('INSERT INTO departments (id, name, kind, created_at, updated_at) VALUES ($1, $2, $3, $4, $4)', [id, name, kind, at]);
    }
    await testDb.db.query(`INSERT INTO work_order_categories (code, name, level) VALUES ('urban', '城市管理', 1)`);
    await testDb.db.query(`INSERT INTO work_order_categories (code, name, parent_code, level) VALUES ('urban.road', '道路', 'urban', 2)`);
    store = createWorkOrderStore(testDb.db);
  });

  afterAll(async () => {
    await testDb?.dispose();
  });

  it('numbers orders per China year, one number each when many are taken at once, with a create event', async () => {
    const orders = await Promise.all(Array.from({ length: 6 }, () => store.create(newOrder())));
    expect(orders.map((o) => o.orderNo).sort()).toEqual(['2026-000001', '2026-000002', '2026-000003', '2026-000004', '2026-000005', '2026-000006']);
    // 2026-12-31 16:30 UTC is already 1 January 2027 in China
    const newYear = await store.create(newOrder({ at: t('2026-12-31T16:30:00Z') }));
    expect(newYear.orderNo).toBe('2027-000001');
    const first = orders[0]!;
    expect(await store.get(first.orderNo)).toMatchObject({
      status: 'accepted',
      version: 1,
      citizenNumber: '13800138000',
      categoryCode: 'urban.road',
      districtId: 'd-east',
      description: '路面塌陷, 有安全隐患',
      assistingDepartmentIds: [],
      leadDepartmentId: null,
      supervision: 'none',
      extension: null,
      createdAt: t('2026-11-23T02:00:00Z'),
    });
    expect(await store.events(first.id)).toEqual([
      { seq: 1, at: t('2026-11-23T02:00:00Z'), action: 'create', actor: 'token:agent-1', fromStatus: null, toStatus: 'accepted', data: expect.objectContaining({ type: 'complaint' }) },
    ]);
  });

  it('stores a transition with its event and deadlines, and bumps the version', async () => {
    const order = await store.create(newOrder());
    const [stored] = (await store.apply([dispatchOf(order)])) ?? [];
    expect(stored).toMatchObject({
      status: 'dispatched',
      version: 2,
      leadDepartmentId: 'roads',
      signDueAt: t('2026-11-24T02:05:00Z'),
      replyDueAt: t('2026-12-02T02:05:00Z'),
      dispatchDueAt: null,
      dispatchedAt: t('2026-11-23T02:05:00Z'),
    });
    const extension = { requestedUntil: t('2026-12-10T02:00:00Z'), reason: '需协调', requestedAt: t('2026-11-24T01:00:00Z') };
    const [signed] = (await store.apply([{ ...dispatchOf(stored!), fromStatus: 'dispatched', next: { ...stored!, status: 'signed', extension }, action: 'sign', deadlines: { signDueAt: null } }])) ?? [];
    expect(signed).toMatchObject({ status: 'signed', version: 3, signDueAt: null, replyDueAt: t('2026-12-02T02:05:00Z'), extension });
    expect((await store.events(order.id)).map((e) => [e.seq, e.action, e.fromStatus, e.toStatus])).toEqual([
      [1, 'create', null, 'accepted'],
      [2, 'dispatch', 'accepted', 'dispatched'],
      [3, 'sign', 'dispatched', 'signed'],
    ]);
  });

  it('lets exactly one of two concurrent actions on one order win', async () => {
    const order = await store.create(newOrder());
    const results = await Promise.all([
      store.apply([dispatchOf(order, { action: 'dispatch' })]),
      store.apply([dispatchOf(order, { next: { ...order, status: 'closed' }, action: 'resolve_directly', deadlines: {} })]),
    ]);
    expect(results.filter((r) => r !== null)).toHaveLength(1);
    const after = await store.get(order.orderNo);
    expect(after?.version).toBe(2);
    expect(await store.events(order.id)).toHaveLength(2);
  });

  it('stores nothing of a merge when the other order moved on (both or neither)', async () => {
    const a = await store.create(newOrder());
    const b = await store.create(newOrder());
    const mergeA: StoredTransition = { ...dispatchOf(a), next: { ...a, status: 'merged' }, action: 'merge', mergedInto: b.orderNo, deadlines: {} };
    const appendB: StoredTransition = { ...dispatchOf(b), next: b, action: 'append', data: { mergedOrderNo: a.orderNo } };
    expect(await store.apply([mergeA, { ...appendB, expectedVersion: b.version + 1 }])).toBeNull();
    expect(await store.get(a.orderNo)).toMatchObject({ status: 'accepted', version: 1, mergedInto: null });
    expect(await store.events(a.id)).toHaveLength(1);

    const stored = await store.apply([mergeA, appendB]);
    expect(stored?.map((o) => [o.orderNo, o.status, o.version])).toEqual([[a.orderNo, 'merged', 2], [b.orderNo, 'accepted', 2]]);
    expect((await store.get(a.orderNo))?.mergedInto).toBe(b.orderNo);
    expect((await store.events(b.id)).at(-1)).toMatchObject({ action: 'append', data: { mergedOrderNo: a.orderNo } });
  });

  it('keeps the survey answers on the order', async () => {
    const order = await store.create(newOrder());
    const answers = { surveyId: 7, status: 'completed', resolved: 'no' as const, satisfaction: 'dissatisfied' as const };
    await store.apply([{ ...dispatchOf(order), next: { ...order, status: 'reopen_review' }, action: 'survey_result', surveyId: 7, surveyAnswers: answers, deadlines: {} }]);
    expect(await store.get(order.orderNo)).toMatchObject({ surveyId: 7, surveyAnswers: answers });
  });

  it("lists a citizen number's orders newest first", async () => {
    await store.create(newOrder({ citizenNumber: '13911112222', at: t('2026-10-01T02:00:00Z') }));
    await store.create(newOrder({ citizenNumber: '13911112222', at: t('2026-11-01T02:00:00Z'), description: '又来电' }));
    await store.create(newOrder({ citizenNumber: '13933334444' }));
    const list = await store.listByCitizen('13911112222', 10);
    expect(list.map((o) => o.description)).toEqual(['又来电', '路面塌陷, 有安全隐患']);
    expect(await store.listByCitizen('13911112222', 1)).toHaveLength(1);
    expect(await store.listByCitizen('10000000000', 10)).toEqual([]);
  });

  it('answers progress by phone only with the last four digits of the number it was filed from', async () => {
    const progress = createProgressLookup(testDb.db);
    const order = await store.create(newOrder({ citizenNumber: '13955556789' }));
    expect(await progress.find(order.orderNo, '6789')).toEqual({ orderNo: order.orderNo, status: 'accepted', replyDueAt: null });
    expect(await progress.find(order.orderNo, '6788')).toBeNull();
    expect(await progress.find('2026-999999', '6789')).toBeNull();
    await store.apply([dispatchOf(order)]);
    expect(await progress.find(order.orderNo, '6789')).toEqual({ orderNo: order.orderNo, status: 'dispatched', replyDueAt: t('2026-12-02T02:05:00Z') });
    const anonymous = await store.create(newOrder({ citizenNumber: null }));
    expect(await progress.find(anonymous.orderNo, '0000')).toBeNull();
  });
});
