// Work orders (工单) over HTTP: take one (agents, during a call), read one and its timeline
// (department tokens: their own orders only — another department's is a 404 like an unknown
// number), take an action (the lifecycle's refusal: 409 naming the status and the action), and a
// citizen number's earlier orders (repeat caller). The ledger routes (/api/work-orders,
// /counts, /overdue, /export.csv) are another router, registered before this one.
//   POST /api/work-orders                      201 the new order (then: dispatch, resolve_directly or submit)
//   GET  /api/work-orders/:orderNo             the order as this token may see it
//   GET  /api/work-orders/:orderNo/events      its timeline
//   POST /api/work-orders/:orderNo/actions     { action, …fields }: { orderNo, status, version }
//   GET  /api/citizens/:number/work-orders     newest first
import { Router, type Response } from 'express';
import { z } from 'zod';
import {
  WorkOrderActionRefusedError,
  WorkOrderConflictError,
  WorkOrderInputError,
  WorkOrderNotFoundError,
} from '../../app/work-order/work-order-errors.js';
import type { Viewer, WorkOrders, WorkOrderView } from '../../app/work-order/work-orders.js';
import { actorOf, type ApiRole } from '../../domain/access/api-roles.js';
import type { ActorKind } from '../../domain/work-order/lifecycle.js';
import type { WorkOrderActions } from '../../ports/work-order/work-order-actions.js';
import { HttpError, badRequest, notFound } from './http-errors.js';
import { limitParam, pathParam } from './input-schemas.js';
import { principalOf } from './request-principal.js';
import { parseInput } from './validate.js';
import { actionBody, createBody, orderNoParam, citizenNumberParam } from './work-orders-schemas.js';

const ACTOR_KIND: Partial<Record<ApiRole, ActorKind>> = { agent: 'agent', supervisor: 'hotline', admin: 'hotline', department: 'department' };

function actorOfRequest(res: Response) {
  const p = principalOf(res);
  const kind = ACTOR_KIND[p.role];
  if (!kind) throw new HttpError(403, 'forbidden', `role ${p.role} takes no action on work orders`);
  return { kind, name: actorOf(p), departmentId: p.departmentId };
}

function viewerOf(res: Response): Viewer {
  const p = principalOf(res);
  return { kind: p.role === 'auditor' ? 'auditor' : (ACTOR_KIND[p.role] ?? 'hotline'), departmentId: p.departmentId };
}

const view = ({ id: _id, ...order }: WorkOrderView) => order;

function asHttp(err: unknown): unknown {
  if (err instanceof WorkOrderNotFoundError) return notFound(err.message);
  if (err instanceof WorkOrderInputError) return badRequest(err.message, err.problems);
  if (err instanceof WorkOrderConflictError) return new HttpError(409, 'conflict', err.message);
  if (err instanceof WorkOrderActionRefusedError) {
    const status = err.reason === 'not_allowed' ? 409 : err.reason === 'not_permitted' ? 403 : 400;
    return new HttpError(status, err.reason.replace('_', '-'), err.message, { status: err.status, action: err.action });
  }
  return err;
}

export function workOrdersRoutes(orders: WorkOrders, actions: WorkOrderActions): Router {
  const router = Router();
  const orderNoOf = (value: unknown) => pathParam(orderNoParam, value, 'order number');

  router.post('/api/work-orders', async (req, res) => {
    const body = parseInput(createBody, req.body ?? {}, 'body');
    try {
      const order = await orders.create(body, actorOfRequest(res));
      res.location(`/api/work-orders/${order.orderNo}`);
      res.status(201).json(view(order));
    } catch (err) {
      throw asHttp(err);
    }
  });

  router.get('/api/work-orders/:orderNo', async (req, res) => {
    const orderNo = orderNoOf(req.params.orderNo);
    try {
      res.json(view(await orders.get(orderNo, viewerOf(res))));
    } catch (err) {
      throw asHttp(err);
    }
  });

  router.get('/api/work-orders/:orderNo/events', async (req, res) => {
    const orderNo = orderNoOf(req.params.orderNo);
    try {
      res.json({ orderNo, events: await orders.events(orderNo, viewerOf(res)) });
    } catch (err) {
      throw asHttp(err);
    }
  });

  router.post('/api/work-orders/:orderNo/actions', async (req, res) => {
    const orderNo = orderNoOf(req.params.orderNo);
    const command = parseInput(actionBody, req.body ?? {}, 'body');
    try {
      res.json(await actions.act(orderNo, command, actorOfRequest(res)));
    } catch (err) {
      throw asHttp(err);
    }
  });

  router.get('/api/citizens/:number/work-orders', async (req, res) => {
    const number = pathParam(citizenNumberParam, req.params.number, 'citizen number');
    const { limit } = parseInput(z.strictObject({ limit: limitParam(100, 20) }), req.query, 'query');
    const list = await orders.byCitizen(number, limit);
    res.json({
      number,
      orders: list.map((o) => ({
        orderNo: o.orderNo,
        status: o.status,
        type: o.type,
        categoryCode: o.categoryCode,
        urgency: o.urgency,
        description: o.description,
        leadDepartmentId: o.leadDepartmentId,
        createdAt: o.createdAt,
        closedAt: o.closedAt,
      })),
    });
  });

  return router;
}
