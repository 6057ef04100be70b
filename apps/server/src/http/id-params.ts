import { z } from 'zod';

/** `:id` in a resource path. A malformed id is a 400, not a database error. */
export const IdParams = z.object({ id: z.uuid() });
