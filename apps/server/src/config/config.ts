import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { RecordingAgentAccess, ReportTimeZone } from '@cc/shared';
import { z } from 'zod';
import { parseRecordingKey } from '../recordings/recording-cipher.ts';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');

const boolFromEnv = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

/**
 * The environment, validated once at start. Nothing else in the server reads
 * process.env (mediasoup reads MEDIASOUP_WORKER_BIN itself). Defaults in comments.
 */
const EnvSchema = z.object({
  /** HTTP port for the apps, REST API and socket.io. Default 8080. */
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  /** Interface the HTTP server binds. Default 0.0.0.0. */
  HOST: z.string().default('0.0.0.0'),
  /** A real Postgres. When absent the embedded PGlite database in DATA_DIR is used. */
  DATABASE_URL: z.url().optional(),
  /**
   * Redis for the live state (agents, waiting calls, claims) and socket.io across nodes.
   * When absent, one process keeps it in memory.
   */
  REDIS_URL: z.url().optional(),
  /** Prefix of this deployment's Redis keys (several may share one Redis). Default "cc:". */
  REDIS_PREFIX: z.string().min(1).max(64).default('cc:'),
  /** Local state: the embedded database and the generated session secret. Default ./data. */
  DATA_DIR: z.string().default(join(repoRoot, 'data')),
  /** Seed demo queues and users. Default: on for the embedded database, off with DATABASE_URL. */
  SEED_DEMO: boolFromEnv.optional(),
  /** HMAC secret for session tokens (32+ chars). Generated and kept in DATA_DIR when absent. */
  SESSION_SECRET: z.string().min(32).optional(),
  /** How long an agent's sign-in lasts. Default 12 hours. */
  SESSION_TTL_SECONDS: z.coerce.number().int().positive().default(12 * 3600),
  /** Address mediasoup listens on for WebRTC (UDP+TCP). Default 127.0.0.1. */
  RTC_LISTEN_IP: z.string().default('127.0.0.1'),
  /** Address announced to browsers, for servers behind NAT or listening on 0.0.0.0. */
  RTC_ANNOUNCED_IP: z.string().optional(),
  /** First WebRTC port; worker i listens on RTC_PORT + i. Default 40000. */
  RTC_PORT: z.coerce.number().int().min(1024).max(65000).default(40000),
  /**
   * Ports mediasoup picks from for its loopback transports to the SIP gateway's RTP relay
   * (not the WebRTC port above). Default 10000-59999.
   */
  MEDIA_PORT_MIN: z.coerce.number().int().min(1024).max(65535).default(10_000),
  MEDIA_PORT_MAX: z.coerce.number().int().min(1024).max(65535).default(59_999),
  /** mediasoup workers. Default: one per core. */
  MEDIA_WORKERS: z.coerce.number().int().min(1).max(64).default(cpus().length),
  /** Ring time per offer for seeded queues (ms). Default 20 000. */
  RING_TIMEOUT_MS: z.coerce.number().int().min(1000).default(20_000),
  /** Wrap-up time for seeded queues (ms). Default 30 000. */
  WRAP_UP_MS: z.coerce.number().int().min(0).default(30_000),
  /** How long a dropped socket may take to come back before its calls end (ms). Default 20 000. */
  RECONNECT_GRACE_MS: z.coerce.number().int().min(0).default(20_000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Identifies this process in call records (several nodes share one database). */
  NODE_ID: z.string().default(`node-${process.pid}`),
  /**
   * The contact center's time zone (IANA, e.g. Europe/Berlin): "today" on the wallboard and
   * the fewest-calls routing count begin at its midnight. Default UTC.
   */
  TIME_ZONE: ReportTimeZone.default('UTC'),
  /** The SIP gateway (trunk calls). Default on. */
  SIP_ENABLED: boolFromEnv.default(true),
  /** Interface SIP and its RTP bind. Default 127.0.0.1; 0.0.0.0 on a server. */
  SIP_LISTEN_IP: z.string().default('127.0.0.1'),
  /** SIP port, UDP and TCP. Default 5060. */
  SIP_PORT: z.coerce.number().int().min(0).max(65535).default(5060),
  /** Address carriers reach us at (Via, Contact, SDP). Default: SIP_LISTEN_IP. */
  SIP_PUBLIC_ADDRESS: z.string().optional(),
  /** SIP over TLS on SIP_TLS_PORT when both files are set (PEM). */
  SIP_TLS_CERT: z.string().optional(),
  SIP_TLS_KEY: z.string().optional(),
  SIP_TLS_PORT: z.coerce.number().int().min(1).max(65535).default(5061),
  /** RTP ports for phone legs. Default 20000-29999. */
  SIP_RTP_PORT_MIN: z.coerce.number().int().min(1024).max(65534).default(20000),
  SIP_RTP_PORT_MAX: z.coerce.number().int().min(1025).max(65535).default(29999),
  /** A phone leg without RTP this long ends (rtp-timeout). Default 30 000 ms. */
  SIP_RTP_TIMEOUT_MS: z.coerce.number().int().min(1000).default(30_000),
  /** Concurrent phone legs; more INVITEs get 503. Default 500. */
  SIP_MAX_CALLS: z.coerce.number().int().min(1).default(500),
  /** Inbound codec preference. Default opus,G722,PCMU,PCMA. */
  SIP_CODECS: z.string().default('opus,G722,PCMU,PCMA'),
  /** Outbound calls offer this codec. Default PCMU. */
  SIP_OUTBOUND_CODEC: z.enum(['PCMU', 'PCMA']).default('PCMU'),
  /** How long an outbound call may ring unanswered. Default 60 000 ms. */
  SIP_DIAL_TIMEOUT_MS: z.coerce.number().int().min(1000).default(60_000),
  /** Where call recordings are written (local disk). Default DATA_DIR/recordings. */
  RECORDINGS_DIR: z.string().min(1).optional(),
  /**
   * Encrypts recordings at rest with AES-256-GCM: 32 bytes as 64 hex characters or base64
   * (`openssl rand -hex 32`). Default: stored unencrypted. Keep it: without it, encrypted
   * recordings cannot be played.
   */
  RECORDING_KEY: z
    .string()
    .transform((value, ctx) => {
      try {
        return parseRecordingKey(value);
      } catch (error) {
        ctx.addIssue({ code: 'custom', message: (error as Error).message });
        return z.NEVER;
      }
    })
    .optional(),
  /** Whether agents may play recordings of calls they took part in (own) or none. Default none. */
  RECORDINGS_AGENT_ACCESS: RecordingAgentAccess.default('none'),
});

export type Config = {
  port: number;
  host: string;
  databaseUrl: string | undefined;
  redisUrl: string | undefined;
  redisPrefix: string;
  dataDir: string;
  seedDemo: boolean;
  sessionSecret: string;
  sessionTtlSeconds: number;
  rtc: { listenIp: string; announcedIp: string | undefined; port: number; workers: number; mediaPorts: { min: number; max: number } };
  acdDefaults: { ringTimeoutMs: number; wrapUpMs: number };
  reconnectGraceMs: number;
  logLevel: z.infer<typeof EnvSchema>['LOG_LEVEL'];
  nodeId: string;
  /** TIME_ZONE: where the contact center's days begin. */
  timeZone: string;
  sip: SipSettings | null;
  recordings: RecordingSettings;
  /** Built web apps: agent desktop, console, widget. */
  staticRoots: { agent: string; admin: string; widget: string };
};

export interface SipSettings {
  listenIp: string;
  port: number;
  publicAddress: string;
  tls: { port: number; certFile: string; keyFile: string } | null;
  rtp: { portMin: number; portMax: number; timeoutMs: number };
  maxCalls: number;
  codecs: string[];
  outboundCodec: 'PCMU' | 'PCMA';
  dialTimeoutMs: number;
}

export interface RecordingSettings {
  dir: string;
  /** The AES-256 key, or null to store recordings unencrypted. */
  key: Buffer | null;
  agentAccess: RecordingAgentAccess;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  if (e.MEDIA_PORT_MIN > e.MEDIA_PORT_MAX) {
    throw new ConfigError('Invalid configuration:\n  MEDIA_PORT_MIN: must not be above MEDIA_PORT_MAX');
  }
  const dataDir = resolve(e.DATA_DIR);
  return {
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    redisUrl: e.REDIS_URL,
    redisPrefix: e.REDIS_PREFIX,
    dataDir,
    seedDemo: e.SEED_DEMO ?? !e.DATABASE_URL,
    sessionSecret: e.SESSION_SECRET ?? persistedSecret(dataDir),
    sessionTtlSeconds: e.SESSION_TTL_SECONDS,
    rtc: {
      listenIp: e.RTC_LISTEN_IP,
      announcedIp: e.RTC_ANNOUNCED_IP,
      port: e.RTC_PORT,
      workers: e.MEDIA_WORKERS,
      mediaPorts: { min: e.MEDIA_PORT_MIN, max: e.MEDIA_PORT_MAX },
    },
    acdDefaults: { ringTimeoutMs: e.RING_TIMEOUT_MS, wrapUpMs: e.WRAP_UP_MS },
    reconnectGraceMs: e.RECONNECT_GRACE_MS,
    logLevel: e.LOG_LEVEL,
    nodeId: e.NODE_ID,
    timeZone: e.TIME_ZONE,
    sip: e.SIP_ENABLED
      ? {
          listenIp: e.SIP_LISTEN_IP,
          port: e.SIP_PORT,
          publicAddress: e.SIP_PUBLIC_ADDRESS ?? (e.SIP_LISTEN_IP === '0.0.0.0' ? e.RTC_ANNOUNCED_IP ?? '127.0.0.1' : e.SIP_LISTEN_IP),
          tls: e.SIP_TLS_CERT && e.SIP_TLS_KEY ? { port: e.SIP_TLS_PORT, certFile: e.SIP_TLS_CERT, keyFile: e.SIP_TLS_KEY } : null,
          rtp: { portMin: e.SIP_RTP_PORT_MIN, portMax: e.SIP_RTP_PORT_MAX, timeoutMs: e.SIP_RTP_TIMEOUT_MS },
          maxCalls: e.SIP_MAX_CALLS,
          codecs: e.SIP_CODECS.split(',').map((c) => `audio/${c.trim()}`),
          outboundCodec: e.SIP_OUTBOUND_CODEC,
          dialTimeoutMs: e.SIP_DIAL_TIMEOUT_MS,
        }
      : null,
    recordings: {
      dir: e.RECORDINGS_DIR ? resolve(e.RECORDINGS_DIR) : join(dataDir, 'recordings'),
      key: e.RECORDING_KEY ?? null,
      agentAccess: e.RECORDINGS_AGENT_ACCESS,
    },
    staticRoots: {
      agent: join(repoRoot, 'apps/agent-web/dist'),
      admin: join(repoRoot, 'apps/admin-web/dist'),
      widget: join(repoRoot, 'apps/widget/dist'),
    },
  };
}

/** A single-node install keeps its secret on disk so sign-ins survive a restart. */
function persistedSecret(dataDir: string): string {
  const file = join(dataDir, 'session-secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(32).toString('base64url');
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}
