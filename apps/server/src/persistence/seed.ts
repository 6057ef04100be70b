import { randomUUID } from 'node:crypto';
import type { Role } from '@cc/shared';
import { hashPassword } from '../auth/passwords.ts';
import { QueueRepository } from '../queues/queue-repository.ts';
import { UserRepository } from '../users/user-repository.ts';
import type { Database } from './database.ts';

export const DEMO_PASSWORD = 'demo';

const demoUsers: Array<{ username: string; displayName: string; role: Role; queues: string[] }> = [
  { username: 'alice', displayName: 'Alice Martin', role: 'agent', queues: ['support', 'sales'] },
  { username: 'bob', displayName: 'Bob Chen', role: 'agent', queues: ['support', 'sales'] },
  { username: 'sara', displayName: 'Sara Okafor', role: 'supervisor', queues: [] },
  { username: 'adam', displayName: 'Adam Novak', role: 'admin', queues: [] },
];

/**
 * The demo: queues support and sales, agents alice and bob in both, supervisor sara,
 * admin adam, all with password "demo". Only into an empty database.
 */
export async function seedDemo(db: Database, acd: { ringTimeoutMs: number; wrapUpMs: number }): Promise<boolean> {
  const users = new UserRepository(db);
  if ((await users.count()) > 0) return false;
  const hash = await hashPassword(DEMO_PASSWORD);
  await db.transaction(async (tx) => {
    const txUsers = new UserRepository(tx);
    const txQueues = new QueueRepository(tx);
    const queueIds = new Map<string, string>();
    for (const [name, displayName] of [
      ['support', 'Support'],
      ['sales', 'Sales'],
    ] as const) {
      const id = randomUUID();
      queueIds.set(name, id);
      await txQueues.create({ id, name, displayName, ...acd });
    }
    for (const u of demoUsers) {
      const id = randomUUID();
      await txUsers.create({ id, username: u.username, displayName: u.displayName, role: u.role, passwordHash: hash });
      for (const q of u.queues) await txQueues.addMember(queueIds.get(q)!, id);
    }
  });
  return true;
}
