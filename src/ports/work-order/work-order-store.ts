// Where work orders and their timelines are kept (PostgreSQL or PGlite,
// src/adapters/db/work-order-store.ts). Every change of an order is one transaction that checks
// the version it was decided on: of two concurrent actions, exactly one is stored.
import type {
  SupervisionLevel,
  Urgency,
  WorkOrderChannel,
  WorkOrderSnapshot,
  WorkOrderStatus,
  WorkOrderType,
} from '../../domain/work-order/work-order-types.js';

/** What a citizen asked and where it came from: given when the order is taken. */
export interface WorkOrderContent {
  channel: WorkOrderChannel;
  callId: string | null;
  citizenNumber: string | null;
  citizenName: string | null;
  confidential: boolean;
  type: WorkOrderType;
  categoryCode: string;
  districtId: string | null;
  location: string | null;
  description: string;
  urgency: Urgency;
  assistingDepartmentIds: string[];
}

export interface NewWorkOrder extends WorkOrderContent {
  /** The audit actor who took it (`token:<name>`). */
  createdBy: string;
  at: Date;
}

export interface SurveyOutcome {
  surveyId: number;
  /** The survey's final status: completed, failed, not_reached. */
  status: string;
  resolved: 'yes' | 'no' | null;
  satisfaction: 'satisfied' | 'basically_satisfied' | 'dissatisfied' | null;
}

export interface WorkOrder extends WorkOrderSnapshot, WorkOrderContent {
  id: number;
  orderNo: string;
  version: number;
  supervision: SupervisionLevel;
  mergedInto: string | null;
  dispatchDueAt: Date | null;
  signDueAt: Date | null;
  replyDueAt: Date | null;
  surveyId: number | null;
  surveyAnswers: SurveyOutcome | null;
  createdBy: string;
  createdAt: Date;
  updatedAt: Date;
  dispatchedAt: Date | null;
  signedAt: Date | null;
  repliedAt: Date | null;
  closedAt: Date | null;
}

/** One entry of an order's timeline. `action` is a lifecycle action, or `create`. */
export interface WorkOrderEvent {
  seq: number;
  at: Date;
  action: string;
  actor: string;
  fromStatus: WorkOrderStatus | null;
  toStatus: WorkOrderStatus;
  data: Record<string, unknown>;
}

/** The deadline columns after a transition (only those given change; null clears one). */
export interface DeadlinePatch {
  dispatchDueAt?: Date | null;
  signDueAt?: Date | null;
  replyDueAt?: Date | null;
}

/** A decided transition of one order, stored only if the order is still at `expectedVersion`. */
export interface StoredTransition {
  orderId: number;
  expectedVersion: number;
  /** The status at `expectedVersion` (the event's from-status). */
  fromStatus: WorkOrderStatus;
  next: WorkOrderSnapshot;
  action: string;
  actor: string;
  at: Date;
  /** For the event row (no phone numbers). */
  data: Record<string, unknown>;
  deadlines: DeadlinePatch;
  mergedInto?: string;
  surveyId?: number;
  surveyAnswers?: SurveyOutcome;
}

export interface WorkOrderStore {
  /** Numbers it (per year, in the same transaction) and records the `create` event. */
  create(input: NewWorkOrder): Promise<WorkOrder>;
  get(orderNo: string): Promise<WorkOrder | null>;
  getById(id: number): Promise<WorkOrder | null>;
  events(orderId: number): Promise<WorkOrderEvent[]>;
  /**
   * Stores every transition (with its event) in one transaction; returns the orders after it,
   * or null (nothing stored) when any order is no longer at its expected version.
   */
  apply(transitions: StoredTransition[]): Promise<WorkOrder[] | null>;
  /** A citizen number's orders, newest first (the repeat caller's earlier orders). */
  listByCitizen(citizenNumber: string, limit: number): Promise<WorkOrder[]>;
}
