import { z } from 'zod';
import { notEmpty, patchOf } from './patch.ts';

/**
 * A phone number as the PSTN gateway matches it: digits with an optional leading +,
 * stored exactly as given ("+4930123456" and "4930123456" are two numbers), so what an
 * admin types is what the gateway compares the dialled number with.
 */
export const PhoneNumberDigits = z
  .string()
  .regex(/^\+?[0-9]{2,20}$/, 'must be 2 to 20 digits with an optional leading + and no spaces, e.g. +4930123456');

/** An address or range inbound INVITEs may come from: 203.0.113.7, 203.0.113.0/24, 2001:db8::1, 2001:db8::/32. */
export const SipSourceRange = z.union([z.ipv4(), z.ipv6(), z.cidrv4(), z.cidrv6()], {
  error: 'must be an IPv4 or IPv6 address, or a range in CIDR notation such as 203.0.113.0/24',
});

/**
 * Where a trunk sends INVITEs and REGISTERs: a hostname or a bare IP address (an IPv6
 * address without brackets). A hostname must hold a letter, so a mistyped IPv4 address
 * such as 10.0.0.300 is refused rather than looked up in DNS.
 */
export const SipHost = z.union([z.ipv4(), z.ipv6(), z.hostname().max(253).regex(/[a-z]/i)], {
  error: 'must be a hostname such as sip.example.com or an IP address',
});

export const TrunkName = z.string().trim().min(1).max(64).regex(/^[a-z0-9._-]+$/i, 'letters, digits, dot, dash or underscore');

/**
 * - ip: the provider sends from known addresses and takes our INVITEs without registering.
 * - register: we REGISTER with the provider (RFC 3261 §10) and answer its digest
 *   challenges (RFC 3261 §22) with the trunk's username and password.
 */
export const TrunkMode = z.enum(['ip', 'register']);
export type TrunkMode = z.infer<typeof TrunkMode>;

export const SipTransport = z.enum(['udp', 'tcp']);
export type SipTransport = z.infer<typeof SipTransport>;

/** Every field of POST /api/trunks; its defaults match the columns' in migration v3. */
const SipTrunkFields = z.object({
  name: TrunkName,
  mode: TrunkMode,
  /** Where inbound INVITEs are accepted from. May be empty only for a register trunk. */
  allowedSources: z
    .array(SipSourceRange)
    .max(100)
    .default([])
    .refine((list) => new Set(list).size === list.length, 'Each address or range may appear only once.'),
  /** The provider's proxy (ip) or registrar (register); null: the trunk only takes calls in. */
  outboundHost: SipHost.nullable().default(null),
  outboundPort: z.number().int().min(1).max(65_535).default(5060),
  transport: SipTransport.default('udp'),
  /** Digest user name for REGISTER and for challenged INVITEs. */
  username: z.string().trim().min(1).max(128).nullable().default(null),
  /**
   * Kept in clear because digest answers need it; never returned (see `hasPassword`).
   * In a PATCH, null removes it and leaving it out keeps it.
   */
  password: z.string().min(1).max(256).nullable().meta({ writeOnly: true }).default(null),
  /** The expiry asked for in REGISTER; the registrar may grant less. */
  registerExpiresSeconds: z.number().int().min(60).max(86_400).default(3600),
  /** Caller ID for outbound calls whose queue sets none. */
  defaultCallerId: PhoneNumberDigits.nullable().default(null),
  enabled: z.boolean().default(true),
});

/** What the cross-field rule needs to know of a trunk, new or changed. */
export interface TrunkCredentialsView {
  mode: TrunkMode;
  allowedSources: readonly string[];
  outboundHost: string | null;
  username: string | null;
  hasPassword: boolean;
}

/**
 * The rules that span fields, as (field, reason) pairs. Shared by the create schema and
 * by PATCH, which must check the trunk as it will be after the change.
 */
export function trunkSettingsProblems(trunk: TrunkCredentialsView): Array<{ field: keyof z.input<typeof SipTrunkFields>; message: string }> {
  const problems: Array<{ field: keyof z.input<typeof SipTrunkFields>; message: string }> = [];
  if (trunk.mode === 'register') {
    if (trunk.outboundHost === null) problems.push({ field: 'outboundHost', message: 'a register trunk needs the registrar host' });
    if (trunk.username === null) problems.push({ field: 'username', message: 'a register trunk needs a username' });
    if (!trunk.hasPassword) problems.push({ field: 'password', message: 'a register trunk needs a password' });
  } else if (trunk.allowedSources.length === 0) {
    problems.push({ field: 'allowedSources', message: 'an IP trunk needs at least one address or range to accept calls from' });
  }
  return problems;
}

/** POST /api/trunks */
export const SipTrunkCreate = SipTrunkFields.superRefine((trunk, ctx) => {
  for (const { field, message } of trunkSettingsProblems({ ...trunk, hasPassword: trunk.password !== null })) {
    ctx.addIssue({ code: 'custom', path: [field], message });
  }
});
export type SipTrunkCreate = z.input<typeof SipTrunkCreate>;

/** PATCH /api/trunks/:id: absent fields stay as they are; the result must still satisfy the rules above. */
export const SipTrunkPatch = patchOf(SipTrunkFields.shape).refine(notEmpty, 'Change at least one field.');
export type SipTrunkPatch = z.infer<typeof SipTrunkPatch>;

/** A trunk as admins see it: the password never, only whether there is one. */
export const SipTrunk = z.object({
  id: z.uuid(),
  name: z.string(),
  mode: TrunkMode,
  allowedSources: z.array(z.string()),
  outboundHost: z.string().nullable(),
  outboundPort: z.number().int(),
  transport: SipTransport,
  username: z.string().nullable(),
  hasPassword: z.boolean(),
  registerExpiresSeconds: z.number().int(),
  defaultCallerId: z.string().nullable(),
  enabled: z.boolean(),
});
export type SipTrunk = z.infer<typeof SipTrunk>;

/**
 * Where a trunk's registration stands, as the gateway last saw it.
 * - not-applicable: an ip trunk; there is nothing to register.
 * - unregistered: a register trunk not registered (disabled, or not tried yet).
 * - registering: a REGISTER is on its way or being challenged.
 * - registered: the registrar accepted it, until `expiresAt` unless refreshed.
 * - failed: refused or unanswered (`lastError` says which); the gateway retries.
 */
export const TrunkRegistrationState = z.enum(['not-applicable', 'unregistered', 'registering', 'registered', 'failed']);
export type TrunkRegistrationState = z.infer<typeof TrunkRegistrationState>;

/** GET /api/trunks/:id/status */
export const TrunkRegistrationStatus = z.object({
  trunkId: z.uuid(),
  state: TrunkRegistrationState,
  /** Why the last attempt failed ("403 Forbidden", "no answer"); null after a success. */
  lastError: z.string().nullable(),
  /** When the current registration lapses unless refreshed. */
  expiresAt: z.iso.datetime().nullable(),
  lastRegisteredAt: z.iso.datetime().nullable(),
});
export type TrunkRegistrationStatus = z.infer<typeof TrunkRegistrationStatus>;

/** POST /api/phone-numbers: a number (DID) and the queue its calls go to. */
export const PhoneNumberCreate = z.object({
  number: PhoneNumberDigits,
  queueId: z.uuid(),
  /** The trunk the number belongs to; null: not tied to one trunk. */
  trunkId: z.uuid().nullable().default(null),
  label: z.string().trim().min(1).max(80).nullable().default(null),
});
export type PhoneNumberCreate = z.input<typeof PhoneNumberCreate>;

/** PATCH /api/phone-numbers/:number. The number is the key: to change it, delete and create. */
const { number: _number, ...patchableNumberFields } = PhoneNumberCreate.shape;
export const PhoneNumberPatch = patchOf(patchableNumberFields).refine(notEmpty, 'Change at least one field.');
export type PhoneNumberPatch = z.infer<typeof PhoneNumberPatch>;

export const PhoneNumber = z.object({
  number: z.string(),
  queueId: z.uuid(),
  trunkId: z.uuid().nullable(),
  label: z.string().nullable(),
});
export type PhoneNumber = z.infer<typeof PhoneNumber>;
