// The request bodies of the work-order routes: a new order, and one action (a discriminated
// union on `action`, one shape per lifecycle action the API offers).
import { z } from 'zod';
import { categoryCodeSchema, departmentIdSchema } from '../../domain/department/department-schemas.js';
import { CHANNELS, URGENCIES, WORK_ORDER_TYPES } from '../../domain/work-order/work-order-types.js';
import { ORDER_NO_PATTERN } from '../../domain/work-order/order-number.js';
import { callIdSchema, isoTime, safeString } from './input-schemas.js';

export const orderNoParam = z.string().regex(ORDER_NO_PATTERN, 'is not an order number (YYYY-NNNNNN, e.g. 2026-000123)');
export const citizenNumberParam = z.string().regex(/^\+?[0-9]{3,20}$/, 'is not a phone number (3 to 20 digits)');

const departmentId = departmentIdSchema;
const text = (max: number) => safeString(max).trim().min(1, 'must not be empty');
const note = text(2000);
const reason = text(500);

const firstStep = z.discriminatedUnion(
  'action',
  [
    z.strictObject({ action: z.literal('submit') }),
    z.strictObject({ action: z.literal('resolve_directly'), note }),
    z.strictObject({ action: z.literal('dispatch'), departmentId: departmentId.optional() }),
  ],
  { message: 'then.action must be submit, resolve_directly or dispatch' },
);

export const createBody = z
  .strictObject({
    channel: z.enum(CHANNELS).default('phone'),
    callId: callIdSchema.optional(),
    citizenNumber: citizenNumberParam.optional(),
    citizenName: text(50).optional(),
    confidential: z.boolean().default(false),
    type: z.enum(WORK_ORDER_TYPES, { message: `must be one of ${WORK_ORDER_TYPES.join(', ')}` }),
    categoryCode: categoryCodeSchema,
    districtId: departmentId.optional(),
    location: text(200).optional(),
    description: text(4000),
    urgency: z.enum(URGENCIES, { message: `must be one of ${URGENCIES.join(', ')}` }).default('normal'),
    assistingDepartmentIds: z.array(departmentId).max(10, 'at most 10 assisting departments').default([]),
    then: firstStep.optional(),
  })
  .transform((b) => ({
    ...b,
    callId: b.callId ?? null,
    citizenNumber: b.citizenNumber ?? null,
    citizenName: b.citizenName ?? null,
    districtId: b.districtId ?? null,
    location: b.location ?? null,
  }));

const act = <A extends string, S extends z.ZodRawShape>(action: A, shape: S) => z.strictObject({ action: z.literal(action), ...shape });

export const actionBody = z.discriminatedUnion(
  'action',
  [
    act('submit', {}),
    act('resolve_directly', { note }),
    act('dispatch', { departmentId }),
    act('sign', {}),
    act('dispute', { reason }),
    act('redispatch', { departmentId, reason }),
    act('reject_dispute', { reason }),
    act('request_extension', { until: isoTime.transform((v) => new Date(v)), reason }),
    act('approve_extension', {}),
    act('reject_extension', { reason }),
    act('record_progress', { note }),
    act('record_contact', { note }),
    act('reply', { note }),
    act('start_survey', {}),
    act('reopen', { reason }),
    act('confirm_close', { reason }),
    act('remind', {}),
    act('supervise', {}),
    act('merge', { intoOrderNo: orderNoParam }),
    act('cancel', { reason }),
    act('archive', {}),
    act('append', { note }),
  ],
  { message: 'action must be one of the work order actions (e.g. dispatch, sign, reply)' },
);
