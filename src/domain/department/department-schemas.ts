// The zod schemas of departments, categories and catalogue entries as admins write them, in the
// seed files and through the API alike. One record each; the set rules are in department-tree.ts,
// category-code.ts and the catalogue's use case. Pure.
import { z } from 'zod';
import { displayName } from '../text/display-name-schema.js';
import { CATEGORY_CODE, CATEGORY_CODE_HINT, TIME_CLASSES } from './category-code.js';
import { DEPARTMENT_KINDS } from './department-tree.js';

export const DEPARTMENT_ID = /^[a-z0-9][a-z0-9-]{0,63}$/;
export const departmentIdSchema = z
  .string({ message: 'must be a string' })
  .regex(DEPARTMENT_ID, 'must be 1 to 64 lower-case letters, digits or "-", starting with a letter or digit, e.g. "jz-zhujian"');

export const categoryCodeSchema = z.string({ message: 'must be a string' }).max(200, 'must be at most 200 characters').regex(CATEGORY_CODE, CATEGORY_CODE_HINT);

const RANGE = '(?:[01]\\d|2[0-3]):[0-5]\\d-(?:[01]\\d|2[0-3]):[0-5]\\d';
/** '7x24', or daily ranges: '08:30-12:00,13:30-17:30'. */
export const dutyHoursSchema = z.string().regex(new RegExp(`^(?:7x24|${RANGE}(?:,${RANGE}){0,3})$`), 'must be "7x24" or ranges like "08:30-12:00,13:30-17:30"');

export const webhookUrlSchema = z
  .string({ message: 'must be a string' })
  .max(500, 'must be at most 500 characters')
  .regex(/^https?:\/\/[^\s/?#]+[^\s]*$/i, 'must be an http:// or https:// URL without spaces')
  .refine((v) => URL.canParse(v), 'must be a valid URL');

export const contactSchema = z.strictObject({
  name: displayName(40),
  phone: z.string({ message: 'must be a string' }).regex(/^[0-9][0-9-]{2,23}$/, 'must be digits with optional "-", e.g. "0571-87001234"'),
  role: displayName(40).optional(),
});
export type DepartmentContact = z.infer<typeof contactSchema>;

/** What an admin writes of a department (the id apart: it is in the path or the create body). */
export const departmentFieldsSchema = z.strictObject({
  name: displayName(100),
  kind: z.enum(DEPARTMENT_KINDS, { message: `must be one of ${DEPARTMENT_KINDS.join(', ')}` }),
  parentId: departmentIdSchema.nullable().default(null),
  contacts: z.array(contactSchema).max(20, 'at most 20 contacts').default([]),
  dutyHours: dutyHoursSchema.nullable().default(null),
  webhookUrl: webhookUrlSchema.nullable().default(null),
});
export type DepartmentFields = z.infer<typeof departmentFieldsSchema>;

export const newDepartmentSchema = departmentFieldsSchema.extend({ id: departmentIdSchema });
export type NewDepartment = z.infer<typeof newDepartmentSchema>;

export const timeClassSchema = z.enum(TIME_CLASSES, { message: `must be one of ${TIME_CLASSES.join(', ')}` });

/** A category as an admin writes it (the code apart: it is in the path). */
export const categoryFieldsSchema = z.strictObject({
  name: displayName(60),
  /** null: inherited from the nearest ancestor. */
  timeClass: timeClassSchema.nullable().default(null),
  active: z.boolean().default(true),
});
export type CategoryFields = z.infer<typeof categoryFieldsSchema>;

export const categorySeedSchema = categoryFieldsSchema.extend({ code: categoryCodeSchema });
export type CategorySeed = z.infer<typeof categorySeedSchema>;

export const catalogueEntrySchema = z.strictObject({
  categoryCode: categoryCodeSchema,
  /** A district (kind district); null or absent: any district. */
  districtId: departmentIdSchema.nullable().default(null),
  departmentId: departmentIdSchema,
  note: displayName(200).nullable().default(null),
});
export type NewCatalogueEntry = z.infer<typeof catalogueEntrySchema>;
