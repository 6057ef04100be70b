import { z } from 'zod';

export const roles = ['agent', 'supervisor', 'admin'] as const;
export const Role = z.enum(roles);
export type Role = z.infer<typeof Role>;

/** Who is on the other end of a socket: a signed-in user or a widget customer. */
export const Principal = z.enum([...roles, 'customer']);
export type Principal = z.infer<typeof Principal>;

export const Username = z.string().trim().min(1).max(64).regex(/^[a-z0-9._-]+$/i, 'letters, digits, dot, dash or underscore');

export const PublicUser = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  role: Role,
});
export type PublicUser = z.infer<typeof PublicUser>;
