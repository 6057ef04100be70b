import type { Role } from '@cc/shared';

export const configurationSections = ['Users', 'Teams', 'Skills', 'Queues', 'Phone numbers', 'Trunks'] as const;
export type ConfigurationSection = (typeof configurationSections)[number];

/**
 * What a role may do in each section, mirroring the `roles` of the REST routes
 * (apps/server/src/http/*-routes.ts): admins everything; supervisors may read queues
 * (they watch them on the wallboard) and nothing else here.
 * - edit: list, create, change and delete.
 * - read: list and open, every control disabled.
 * - none: the section explains itself and loads nothing.
 */
export type SectionAccess = 'edit' | 'read' | 'none';

export function accessTo(section: ConfigurationSection, role: Role): SectionAccess {
  if (role === 'admin') return 'edit';
  if (role === 'supervisor' && section === 'Queues') return 'read';
  return 'none';
}

/** Why a role cannot change (or see) a section, said next to the disabled controls. */
export function accessNote(section: ConfigurationSection, access: SectionAccess): string | null {
  if (access === 'edit') return null;
  if (access === 'read') return `Read-only: only admins can create or change ${section.toLowerCase()}.`;
  return `Only admins can see and manage ${section.toLowerCase()}. Ask an admin if something here needs to change.`;
}
