import type { TrunkRegistrationState } from '@cc/shared';

export const registrationLabels: Record<TrunkRegistrationState, string> = {
  'not-applicable': 'Not needed',
  unregistered: 'Not registered',
  registering: 'Registering…',
  registered: 'Registered',
  failed: 'Failed',
};
