// Departments (承办单位) as records. The webhook secret is stored (the HMAC key of the
// department's webhooks) but never part of a record: only webhookSecret() reads it.
import type { DepartmentKind } from '../../domain/department/department-tree.js';
import type { DepartmentFields, NewDepartment } from '../../domain/department/department-schemas.js';

export interface Department extends DepartmentFields {
  id: string;
  kind: DepartmentKind;
  active: boolean;
  /** Whether a webhook secret is set (its value is never in a record). */
  webhookSecretSet: boolean;
  createdAt: Date;
  updatedAt: Date;
}

export interface DepartmentStore {
  /** Every department, inactive ones included, by id. */
  list(): Promise<Department[]>;
  get(id: string): Promise<Department | null>;
  /** Inserts the department unless its id is taken; false when it was. */
  insert(department: NewDepartment, webhookSecret: string, at: Date): Promise<boolean>;
  /** Inserts, parents first, those whose id is not taken, in one transaction; the ids inserted. */
  insertMissing(departments: ReadonlyArray<{ department: NewDepartment; webhookSecret: string }>, at: Date): Promise<string[]>;
  /** Replaces what an admin writes; null for an unknown id. */
  update(id: string, fields: DepartmentFields, active: boolean, at: Date): Promise<Department | null>;
  setActive(id: string, active: boolean, at: Date): Promise<Department | null>;
  /** false for an unknown id. */
  setWebhookSecret(id: string, webhookSecret: string, at: Date): Promise<boolean>;
  /** The HMAC key of the department's webhooks; null for an unknown id or none set. */
  webhookSecret(id: string): Promise<string | null>;
}
