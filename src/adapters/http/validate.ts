// Parses request input with a zod schema; failures become a 400 listing every problem.
import type { z } from 'zod';
import { badRequest } from './http-errors.js';

export function parseInput<S extends z.ZodType>(schema: S, input: unknown, what: string): z.infer<S> {
  const result = schema.safeParse(input);
  if (!result.success) {
    const problems = result.error.issues.map((i) => `${i.path.join('.') || what}: ${i.message}`);
    throw badRequest(`Invalid ${what}: ${problems.join('; ')}`, problems);
  }
  return result.data;
}
