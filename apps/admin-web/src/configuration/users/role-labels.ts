import type { Role } from '@cc/shared';

export const roleLabels: Record<Role, string> = { agent: 'Agent', supervisor: 'Supervisor', admin: 'Admin' };

export const roleHints: Record<Role, string> = {
  agent: 'Takes calls on the agent desktop; cannot open this console.',
  supervisor: 'Watches queues and calls live and sees reports; can read queue settings here.',
  admin: 'Everything a supervisor can, and sets up users, queues and telephony.',
};
