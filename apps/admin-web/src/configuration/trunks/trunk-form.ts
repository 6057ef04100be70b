import { type SipTransport, type SipTrunk, SipTrunkCreate, SipTrunkPatch, type TrunkMode, trunkSettingsProblems } from '@cc/shared';
import { type FieldErrors, sentence } from '../forms/field-errors.ts';
import { changedFields, numberFrom, optionalText, validateWith, type Validated } from '../forms/validation.ts';

/** The trunk editor's fields as typed. The password is write-only: never shown, only replaced or removed. */
export interface TrunkFormValues {
  name: string;
  mode: TrunkMode;
  /** One address or CIDR range a line (commas and spaces separate too). */
  allowedSources: string;
  outboundHost: string;
  outboundPort: string;
  transport: SipTransport;
  username: string;
  /** A new password; blank keeps the current one (or sets none on a new trunk). */
  password: string;
  /** Existing trunks: drop the stored password. */
  removePassword: boolean;
  registerExpiresSeconds: string;
  defaultCallerId: string;
  enabled: boolean;
}

export function newTrunkForm(): TrunkFormValues {
  const defaults = SipTrunkCreate.parse({ name: 'new', mode: 'ip', allowedSources: ['192.0.2.1'] });
  return {
    name: '',
    mode: 'ip',
    allowedSources: '',
    outboundHost: '',
    outboundPort: String(defaults.outboundPort),
    transport: defaults.transport,
    username: '',
    password: '',
    removePassword: false,
    registerExpiresSeconds: String(defaults.registerExpiresSeconds),
    defaultCallerId: '',
    enabled: defaults.enabled,
  };
}

export function editTrunkForm(trunk: SipTrunk): TrunkFormValues {
  return {
    name: trunk.name,
    mode: trunk.mode,
    allowedSources: trunk.allowedSources.join('\n'),
    outboundHost: trunk.outboundHost ?? '',
    outboundPort: String(trunk.outboundPort),
    transport: trunk.transport,
    username: trunk.username ?? '',
    password: '',
    removePassword: false,
    registerExpiresSeconds: String(trunk.registerExpiresSeconds),
    defaultCallerId: trunk.defaultCallerId ?? '',
    enabled: trunk.enabled,
  };
}

/** The typed list of sources, in order; blank lines are nothing. */
export const sourcesFrom = (text: string): string[] => text.split(/[\s,]+/).filter((s) => s !== '');

/** Every field but the password, in the contract's shape. */
function settingsCandidate(values: TrunkFormValues) {
  return {
    name: values.name,
    mode: values.mode,
    allowedSources: sourcesFrom(values.allowedSources),
    outboundHost: optionalText(values.outboundHost),
    outboundPort: numberFrom(values.outboundPort),
    transport: values.transport,
    username: optionalText(values.username),
    registerExpiresSeconds: numberFrom(values.registerExpiresSeconds),
    defaultCallerId: optionalText(values.defaultCallerId),
    enabled: values.enabled,
  };
}

/**
 * POST /api/trunks, checked by the schema the server uses. zod runs the cross-field rules
 * only once every field is valid, so they are also applied here at once: the admin sees
 * "a register trunk needs a username" together with a mistyped address, not after it.
 */
export function validateNewTrunk(values: TrunkFormValues): Validated<SipTrunkCreate> {
  const password = values.password === '' ? null : values.password;
  const settings = settingsCandidate(values);
  return withCrossFieldProblems(validateWith(SipTrunkCreate, { ...settings, password }), settings, password !== null);
}

/**
 * PATCH /api/trunks/:id with only what changed. The shared cross-field rules are applied
 * to the trunk as it will be, as the server does, with the password known only as
 * "there is one": kept, newly typed, or removed.
 */
export function validateTrunkChange(trunk: SipTrunk, values: TrunkFormValues): Validated<SipTrunkPatch> {
  const before = settingsCandidate(editTrunkForm(trunk));
  const after = settingsCandidate(values);
  const patch: Record<string, unknown> = changedFields(before, after);
  if (values.removePassword) patch.password = null;
  else if (values.password !== '') patch.password = values.password;

  const hasPassword = values.removePassword ? false : values.password !== '' || trunk.hasPassword;
  return withCrossFieldProblems(validateWith(SipTrunkPatch, patch), after, hasPassword);
}

/** The shared cross-field rules (trunkSettingsProblems) over the trunk as it will be, added to the schema's own errors. */
function withCrossFieldProblems<T>(validated: Validated<T>, settings: ReturnType<typeof settingsCandidate>, hasPassword: boolean): Validated<T> {
  const crossField: Record<string, string> = {};
  for (const { field, message } of trunkSettingsProblems({ ...settings, hasPassword })) crossField[field] ??= sentence(message);
  if (Object.keys(crossField).length === 0) return validated;
  const errors: FieldErrors = { ...crossField, ...(validated.ok ? {} : validated.errors) };
  return { ok: false, errors };
}
