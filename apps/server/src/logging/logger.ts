import { pino, type Logger } from 'pino';

export type { Logger };

/**
 * The root logger. Subsystems take a child named after them (`logger.child({ subsystem:
 * 'acd' })`); personal data (usernames, caller labels) goes in fields, never in messages.
 */
export function createLogger(level: string): Logger {
  return pino({ level, base: { service: 'contact-center' } });
}
