// The agent desktop's work-order form (web/src/pages/agent/work-order-form-draft.ts): what is
// checked before sending (each problem under its field, as the key of its words), the body POST /api/work-orders gets, and
// the server's 400 problems put under the fields they name.
import { describe, expect, it } from 'vitest';
import { checkDraft, emptyDraft, orderBody, serverErrors, type Draft } from '../../../web/src/pages/agent/work-order-form-draft.js';
const filled = (over: Partial<Draft> = {}): Draft => ({
  ...emptyDraft('13800138000'),
  type: 'complaint',
  categoryCode: 'city_mgmt.sanitation.garbage',
  categoryPath: '城市管理 / 市容环卫 / 垃圾清运',
  districtId: 'jiangbei',
  description: '  垃圾未清运  ',
  departmentId: 'jiangbei-zhifa',
  ...over,
});

describe('checkDraft', () => {
  it('a complete draft has no problem', () => {
    expect(checkDraft(filled())).toEqual({});
  });

  it('an empty draft names the type, the category, the request and the department to dispatch to', () => {
    expect(checkDraft(emptyDraft())).toEqual({
      type: { word: 'error.type' },
      categoryCode: { word: 'error.categoryCode' },
      description: { word: 'error.description' },
      departmentId: { word: 'error.departmentId' },
    });
  });

  it.each([
    [{ description: '   ' }, { description: { word: 'error.description' } }],
    [{ then: 'resolve_directly' as const, note: '' }, { note: { word: 'error.note' } }],
    [{ then: 'submit' as const, departmentId: '' }, {}],
    [{ citizenNumber: '12ab' }, { citizenNumber: { word: 'error.citizenNumber' } }],
    [{ citizenNumber: '' }, {}],
    [{ location: 'x'.repeat(201) }, { location: { word: 'error.tooLong', max: 200 } }],
  ])('%j → %j', (over, problems) => {
    expect(checkDraft(filled(over))).toEqual(problems);
  });
});

describe('orderBody', () => {
  it('a dispatch with the call: trimmed text, the department, the callId; empty fields left out', () => {
    expect(orderBody(filled(), '1772355600.11')).toEqual({
      channel: 'phone',
      callId: '1772355600.11',
      citizenNumber: '13800138000',
      confidential: false,
      type: 'complaint',
      categoryCode: 'city_mgmt.sanitation.garbage',
      districtId: 'jiangbei',
      description: '垃圾未清运',
      urgency: 'normal',
      then: { action: 'dispatch', departmentId: 'jiangbei-zhifa' },
    });
  });

  it('直办 carries its note, 提交待派单 nothing more; no call, no callId', () => {
    expect(orderBody(filled({ then: 'resolve_directly', note: ' 已解答 ' }), null)).toMatchObject({ then: { action: 'resolve_directly', note: '已解答' } });
    const submitted = orderBody(filled({ then: 'submit', citizenName: '王先生', confidential: true }), null);
    expect(submitted).toMatchObject({ then: { action: 'submit' }, citizenName: '王先生', confidential: true });
    expect(submitted).not.toHaveProperty('callId');
  });
});

describe('serverErrors', () => {
  it("puts each problem under the field it names, then.* under the handling's fields, the rest under the form", () => {
    expect(serverErrors('Invalid body', [
      'description: must not be empty',
      'then.departmentId: the dispatch catalogue has no department for x; name one',
      'no active department jiangbei',
    ])).toEqual({
      description: 'must not be empty',
      departmentId: 'the dispatch catalogue has no department for x; name one',
      form: 'no active department jiangbei',
    });
  });

  it('no problems listed: the message under the form', () => {
    expect(serverErrors('Invalid body: bad', undefined)).toEqual({ form: 'Invalid body: bad' });
  });
});
