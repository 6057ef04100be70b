import { randomUUID } from 'node:crypto';
import { QueueInput, type Role, SipTrunkCreate } from '@cc/shared';
import { hashPassword } from '../auth/passwords.ts';
import { PhoneNumberRepository } from '../phone-numbers/phone-number-repository.ts';
import { QueueRepository } from '../queues/queue-repository.ts';
import { SkillRepository } from '../skills/skill-repository.ts';
import { TeamRepository } from '../teams/team-repository.ts';
import { TrunkRepository } from '../trunks/trunk-repository.ts';
import { UserRepository } from '../users/user-repository.ts';
import type { Database } from './database.ts';

export const DEMO_PASSWORD = 'demo';

const demoSkills = [
  { name: 'english', description: 'Speaks English with customers' },
  { name: 'billing', description: 'Invoices, refunds and payment questions' },
];

/**
 * A SIP peer on this machine (a softphone or SIPp on port 5070) can call in and be called:
 * an ip trunk needs no registrar.
 */
const demoTrunk = SipTrunkCreate.parse({
  name: 'local-test',
  mode: 'ip',
  allowedSources: ['127.0.0.0/8', '::1'],
  outboundHost: '127.0.0.1',
  outboundPort: 5070,
  transport: 'udp',
});

const demoPhoneNumbers = [
  { number: '1000', queue: 'support' },
  { number: '2000', queue: 'sales' },
] as const;

const demoUsers: Array<{
  username: string;
  displayName: string;
  role: Role;
  queues: string[];
  skills: Record<string, number>;
  inTeam: boolean;
}> = [
  { username: 'alice', displayName: 'Alice Martin', role: 'agent', queues: ['support', 'sales'], skills: { english: 8, billing: 6 }, inTeam: true },
  { username: 'bob', displayName: 'Bob Chen', role: 'agent', queues: ['support', 'sales'], skills: { english: 6 }, inTeam: true },
  { username: 'sara', displayName: 'Sara Okafor', role: 'supervisor', queues: [], skills: {}, inTeam: false },
  { username: 'adam', displayName: 'Adam Novak', role: 'admin', queues: [], skills: {}, inTeam: false },
];

/**
 * The demo: queues support (every call recorded) and sales (recorded on demand), otherwise
 * with default settings; agents alice and bob in both at tier 1 and in "Team A"
 * supervised by sara, skills english and billing, admin adam, all with password "demo";
 * the ip trunk local-test, with numbers 1000 → support and
 * 2000 → sales on it. Only into an empty database.
 */
export async function seedDemo(db: Database, acd: { ringTimeoutMs: number; wrapUpMs: number }): Promise<boolean> {
  const users = new UserRepository(db);
  if ((await users.count()) > 0) return false;
  const hash = await hashPassword(DEMO_PASSWORD);
  await db.transaction(async (tx) => {
    const txUsers = new UserRepository(tx);
    const txQueues = new QueueRepository(tx);
    const txSkills = new SkillRepository(tx);
    const txTeams = new TeamRepository(tx);
    const queueIds = new Map<string, string>();
    for (const [name, displayName, recordingPolicy] of [
      ['support', 'Support', 'all'],
      ['sales', 'Sales', 'on-demand'],
    ] as const) {
      const id = randomUUID();
      queueIds.set(name, id);
      await txQueues.create({ id, ...QueueInput.parse({ name, displayName, recordingPolicy, ...acd }) });
    }
    const skillIds = new Map<string, string>();
    for (const skill of demoSkills) {
      const id = randomUUID();
      skillIds.set(skill.name, id);
      await txSkills.create({ id, ...skill });
    }
    const userIds = new Map<string, string>();
    for (const u of demoUsers) {
      const id = randomUUID();
      userIds.set(u.username, id);
      await txUsers.create({ id, username: u.username, displayName: u.displayName, role: u.role, passwordHash: hash });
      for (const q of u.queues) await txQueues.addMember(queueIds.get(q)!, id, 1);
      await txSkills.setLevelsOf(
        id,
        Object.entries(u.skills).map(([name, level]) => ({ skillId: skillIds.get(name)!, level })),
      );
    }
    const teamId = randomUUID();
    await txTeams.create({ id: teamId, name: 'Team A', supervisorIds: [userIds.get('sara')!] });
    for (const u of demoUsers) if (u.inTeam) await txUsers.update(userIds.get(u.username)!, { teamId });
    const trunkId = randomUUID();
    await new TrunkRepository(tx).create({ id: trunkId, ...demoTrunk });
    for (const { number, queue } of demoPhoneNumbers) {
      await new PhoneNumberRepository(tx).create(number, { queueId: queueIds.get(queue)!, trunkId, label: `Demo ${queue} line` });
    }
  });
  return true;
}
