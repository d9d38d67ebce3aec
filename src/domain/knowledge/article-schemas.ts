// The zod schemas of knowledge-base articles (知识库) as admins write them, in the seed file and
// through the API alike: a title and a plain-text body, tags, an optional work-order category.
// Pure.
import { z } from 'zod';
import { categoryCodeSchema } from '../department/department-schemas.js';
import { displayName } from '../text/display-name-schema.js';
import { unsafeCharacterProblem } from '../text/unsafe-characters.js';

export const KNOWLEDGE_ID = /^[a-z0-9][a-z0-9-]{0,63}$/;
export const knowledgeIdSchema = z
  .string({ message: 'must be a string' })
  .regex(KNOWLEDGE_ID, 'must be 1 to 64 lower-case letters, digits or "-", starting with a letter or digit, e.g. "heating-room-cold"');

export const MAX_BODY = 20_000;
export const MAX_TAGS = 12;

/** Plain text: line breaks and tabs are kept; other control, bidi or zero-width characters are refused. */
const bodySchema = z
  .string({ message: 'must be a string' })
  .superRefine((s, ctx) => {
    const problem = unsafeCharacterProblem(s.replace(/[\r\n\t]/g, ' '));
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  })
  .transform((s) => s.replace(/\r\n?/g, '\n').trim())
  .pipe(z.string().min(1, 'must not be empty').max(MAX_BODY, `must be at most ${MAX_BODY} characters`));

export const tagSchema = displayName(20);

/** What an admin writes of an article (its id apart). */
export const articleFieldsSchema = z.strictObject({
  title: displayName(120),
  body: bodySchema,
  tags: z
    .array(tagSchema, { message: 'must be an array of tags' })
    .max(MAX_TAGS, `at most ${MAX_TAGS} tags`)
    .default([])
    .transform((tags) => [...new Set(tags)]),
  categoryCode: categoryCodeSchema.nullable().default(null),
});
export type ArticleFields = z.infer<typeof articleFieldsSchema>;

/** An article of the seed file: its id is fixed, so a later start finds it and adds nothing. */
export const articleSeedSchema = articleFieldsSchema.extend({ id: knowledgeIdSchema });
export type ArticleSeed = z.infer<typeof articleSeedSchema>;

/** A search's text: bounded, no control characters. */
export const searchTextSchema = z
  .string({ message: 'must be a string' })
  .max(100, 'must be at most 100 characters')
  .superRefine((s, ctx) => {
    const problem = unsafeCharacterProblem(s);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });
