import { z } from 'zod';
import { PublicUser, Username } from './user.ts';

/** POST /api/auth/login */
export const LoginRequest = z.object({
  username: Username,
  password: z.string().min(1).max(256),
});
export const LoginResponse = z.object({ token: z.string(), expiresAt: z.string(), user: PublicUser });
export type LoginResponse = z.infer<typeof LoginResponse>;

export const QueueName = z.string().trim().min(1).max(64).regex(/^[a-z0-9_-]+$/i, 'letters, digits, dash or underscore');

/**
 * POST /api/widget/sessions: a customer's short-lived token, scoped to one call in
 * one queue. `callerLabel` is what the agent sees ("Web visitor" when absent).
 */
export const WidgetSessionRequest = z.object({
  queue: QueueName,
  callerLabel: z.string().trim().min(1).max(80).optional(),
});
export type WidgetSessionRequest = z.input<typeof WidgetSessionRequest>;
export const WidgetSessionResponse = z.object({ token: z.string(), callId: z.string(), expiresAt: z.string() });
export type WidgetSessionResponse = z.infer<typeof WidgetSessionResponse>;
