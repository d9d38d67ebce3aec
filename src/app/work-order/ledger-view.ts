// What a viewer of the ledger sees of an order's citizen: supervisors and admins the number and
// name; auditors a masked number (they check the handling, not call the citizen); a department
// the number of its non-confidential orders and nothing of a confidential (保密) one.
import type { Principal } from '../../domain/access/api-roles.js';
import { maskNumber } from '../../domain/privacy/mask-number.js';
import type { LedgerFilter, LedgerOrder } from '../../ports/work-order/work-order-ledger.js';

/** An order as the viewer sees it: the citizen fields already masked or removed. */
export type LedgerEntry = Omit<LedgerOrder, 'id'>;

export type LedgerViewer = Pick<Principal, 'role' | 'departmentId'>;

export type CitizenVisibility = 'full' | 'masked' | 'hidden';

export function citizenVisibility(viewer: LedgerViewer, confidential: boolean): CitizenVisibility {
  switch (viewer.role) {
    case 'supervisor':
    case 'admin':
      return 'full';
    case 'department':
      return confidential ? 'hidden' : 'full';
    default:
      return 'masked';
  }
}

export function viewerEntry(viewer: LedgerViewer, order: LedgerOrder): LedgerEntry {
  const { id: _id, ...entry } = order;
  const visibility = citizenVisibility(viewer, order.confidential);
  if (visibility === 'full') return entry;
  if (visibility === 'hidden') return { ...entry, citizenNumber: null, citizenName: null };
  return { ...entry, citizenNumber: order.citizenNumber === null ? null : maskNumber(order.citizenNumber), citizenName: null };
}

/** A department sees only the orders it leads or assists; the other roles see every order. */
export function scopedFilter(viewer: LedgerViewer, filter: LedgerFilter): LedgerFilter {
  if (viewer.role !== 'department') return filter;
  if (!viewer.departmentId) throw new Error('A department token without a department reached the ledger');
  return { ...filter, departmentScope: viewer.departmentId };
}
