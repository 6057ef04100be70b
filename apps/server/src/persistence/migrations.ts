import type { Database } from './database.ts';

/**
 * Versioned schema changes, applied in order, each once, each in its own transaction.
 * Never edit a released migration: add a new one.
 */
export const migrations: ReadonlyArray<{ version: number; name: string; sql: string }> = [
  {
    version: 1,
    name: 'users, queues, calls and their event logs',
    sql: `
      create table users (
        id uuid primary key,
        username text not null unique,
        display_name text not null,
        role text not null check (role in ('agent', 'supervisor', 'admin')),
        password_hash text not null,
        disabled boolean not null default false,
        created_at timestamptz not null default now()
      );
      create table queues (
        id uuid primary key,
        name text not null unique,
        display_name text not null,
        ring_timeout_ms integer not null check (ring_timeout_ms >= 1000),
        wrap_up_ms integer not null check (wrap_up_ms >= 0),
        created_at timestamptz not null default now()
      );
      create table queue_members (
        queue_id uuid not null references queues(id) on delete cascade,
        user_id uuid not null references users(id) on delete cascade,
        priority integer not null default 1,
        primary key (queue_id, user_id)
      );
      create index queue_members_user on queue_members (user_id);
      create table calls (
        id uuid primary key,
        queue_id uuid not null references queues(id),
        channel text not null check (channel in ('web', 'pstn')),
        caller_label text not null,
        agent_id uuid references users(id),
        state text not null check (state in ('queued', 'ringing', 'connected', 'ended')),
        end_reason text,
        offered_at timestamptz not null,
        answered_at timestamptz,
        ended_at timestamptz,
        node_id text not null
      );
      create index calls_offered_at on calls (offered_at);
      create index calls_queue on calls (queue_id, offered_at);
      create table call_events (
        id bigserial primary key,
        call_id uuid not null references calls(id) on delete cascade,
        at timestamptz not null,
        type text not null,
        agent_id uuid references users(id),
        data jsonb not null default '{}'::jsonb
      );
      create index call_events_call on call_events (call_id, id);
      create table agent_state_changes (
        id bigserial primary key,
        user_id uuid not null references users(id) on delete cascade,
        at timestamptz not null,
        status text not null,
        reason text,
        call_id uuid
      );
      create index agent_state_changes_user on agent_state_changes (user_id, at);
    `,
  },
  {
    version: 2,
    name: 'skills, teams, queue settings and membership tiers',
    // Every new column has a default equal to the zod default in packages/shared/src/queue.ts,
    // so queues created under v1 read back as valid settings. Routing strategy and overflow
    // are checked by the shared schemas, not here, so adding a strategy needs no migration.
    // Case-insensitive uniqueness is an index on lower(name).
    sql: `
      create table skills (
        id uuid primary key,
        name text not null,
        description text not null default '',
        created_at timestamptz not null default now()
      );
      create unique index skills_name_lower on skills (lower(name));
      create table teams (
        id uuid primary key,
        name text not null,
        created_at timestamptz not null default now()
      );
      create unique index teams_name_lower on teams (lower(name));
      create table team_supervisors (
        team_id uuid not null references teams(id) on delete cascade,
        user_id uuid not null references users(id) on delete cascade,
        primary key (team_id, user_id)
      );
      create index team_supervisors_user on team_supervisors (user_id);
      create table user_skills (
        user_id uuid not null references users(id) on delete cascade,
        skill_id uuid not null references skills(id) on delete cascade,
        level integer not null check (level between 1 and 10),
        primary key (user_id, skill_id)
      );
      create index user_skills_skill on user_skills (skill_id);
      alter table users add column team_id uuid references teams(id) on delete set null;
      create index users_team on users (team_id);
      alter table queues
        alter column ring_timeout_ms set default 20000,
        alter column wrap_up_ms set default 15000,
        add column strategy text not null default 'longest-idle',
        add column required_skills jsonb not null default '[]'::jsonb,
        add column max_waiting_calls integer check (max_waiting_calls >= 1),
        add column max_wait_ms integer check (max_wait_ms >= 1000),
        add column overflow jsonb not null default '{"kind":"end"}'::jsonb,
        add column priority integer not null default 0 check (priority between 0 and 100),
        add column priority_aging_per_minute double precision not null default 1 check (priority_aging_per_minute >= 0),
        add column service_level_seconds integer not null default 20 check (service_level_seconds >= 1);
      alter table queue_members rename column priority to tier;
      update queue_members set tier = least(greatest(tier, 1), 10);
      alter table queue_members add constraint queue_members_tier check (tier between 1 and 10);
      create index calls_agent on calls (agent_id, offered_at);
    `,
  },
  {
    version: 3,
    name: 'SIP trunks, phone numbers, outbound calls',
    // Defaults match packages/shared/src/telephony-admin.ts. Addresses stay text[] rather
    // than inet[]: the shared schema validates them, and the gateway matches them itself.
    // A phone number's queue is `on delete restrict` so a queue cannot vanish under a
    // number that callers still dial; the repository turns that into a worded 409.
    // The register-needs-credentials rule is repeated as a check so no write path can
    // leave the gateway a trunk it cannot register.
    sql: `
      create table sip_trunks (
        id uuid primary key,
        name text not null,
        mode text not null check (mode in ('ip', 'register')),
        allowed_sources text[] not null default '{}',
        outbound_host text,
        outbound_port integer not null default 5060 check (outbound_port between 1 and 65535),
        transport text not null default 'udp' check (transport in ('udp', 'tcp')),
        username text,
        password text,
        register_expires_seconds integer not null default 3600 check (register_expires_seconds >= 60),
        default_caller_id text,
        enabled boolean not null default true,
        created_at timestamptz not null default now(),
        constraint sip_trunks_register_credentials check (
          mode <> 'register' or (outbound_host is not null and username is not null and password is not null)
        )
      );
      create unique index sip_trunks_name_lower on sip_trunks (lower(name));
      create table phone_numbers (
        number text primary key check (number ~ '^\\+?[0-9]{2,20}$'),
        queue_id uuid not null references queues(id) on delete restrict,
        trunk_id uuid references sip_trunks(id) on delete set null,
        label text,
        created_at timestamptz not null default now()
      );
      create index phone_numbers_queue on phone_numbers (queue_id);
      create index phone_numbers_trunk on phone_numbers (trunk_id);
      alter table queues add column outbound_caller_id text;
      alter table calls
        add column direction text not null default 'inbound' check (direction in ('inbound', 'outbound')),
        add column remote_number text;
    `,
  },
  {
    version: 4,
    name: 'outbound calls start as dialing',
    sql: `
      alter table calls drop constraint calls_state_check;
      alter table calls add constraint calls_state_check
        check (state in ('queued', 'dialing', 'ringing', 'connected', 'ended'));
    `,
  },
  {
    version: 5,
    name: 'call recordings, their agents and marks; queue recording policy',
    // The policy default matches packages/shared/src/queue-admin.ts, so existing queues
    // record nothing until an admin says so. A finished recording must carry what
    // playback and integrity checks rely on (the check below), so no write path can
    // leave one half-described. The partial index serves recovery at start, which looks
    // only at recordings still in state 'recording'. Marks are milliseconds into the
    // audio, not wall-clock times, so a player can show them without knowing when it began.
    sql: `
      alter table queues add column recording_policy text not null default 'none'
        check (recording_policy in ('all', 'none', 'on-demand'));
      create table recordings (
        id uuid primary key,
        call_id uuid not null references calls(id),
        queue_id uuid not null references queues(id),
        storage_key text not null unique,
        format text not null default 'wav' check (format in ('wav')),
        sample_rate integer not null check (sample_rate > 0),
        channels integer not null check (channels between 1 and 2),
        encrypted boolean not null,
        state text not null default 'recording' check (state in ('recording', 'complete', 'interrupted')),
        started_at timestamptz not null,
        ended_at timestamptz,
        duration_ms integer check (duration_ms >= 0),
        bytes bigint check (bytes >= 0),
        sha256 text check (sha256 ~ '^[0-9a-f]{64}$'),
        node_id text not null,
        created_at timestamptz not null default now(),
        constraint recordings_finished_described check (
          state = 'recording' or (ended_at is not null and duration_ms is not null and bytes is not null and sha256 is not null)
        )
      );
      create index recordings_call on recordings (call_id, started_at);
      create index recordings_in_progress on recordings (node_id) where state = 'recording';
      create table recording_agents (
        recording_id uuid not null references recordings(id) on delete cascade,
        user_id uuid not null references users(id) on delete cascade,
        joined_at timestamptz not null default now(),
        primary key (recording_id, user_id)
      );
      create index recording_agents_user on recording_agents (user_id);
      create table recording_marks (
        id uuid primary key,
        recording_id uuid not null references recordings(id) on delete cascade,
        kind text not null check (kind in ('hold', 'pause')),
        start_ms integer not null check (start_ms >= 0),
        end_ms integer check (end_ms >= start_ms),
        by_user_id uuid references users(id) on delete set null,
        created_at timestamptz not null default now()
      );
      create index recording_marks_recording on recording_marks (recording_id, start_ms);
    `,
  },
  {
    version: 6,
    name: 'a call keeps the service-level threshold of its queue when it was offered',
    // Reports and the wallboard judge a call by the threshold its queue had then, so a
    // later change of the target does not rewrite history. Calls from before this
    // migration get their queue's threshold as it is now: the best that is known.
    sql: `
      alter table calls add column service_level_seconds integer check (service_level_seconds >= 1);
      update calls c set service_level_seconds = q.service_level_seconds from queues q where q.id = c.queue_id;
    `,
  },
];

/** Serialises concurrent starts of several nodes on one Postgres. */
const MIGRATION_LOCK_KEY = 724_301;

export async function runMigrations(db: Database): Promise<number[]> {
  await db.exec(`create table if not exists schema_migrations (
    version integer primary key, name text not null, applied_at timestamptz not null default now())`);
  const applied: number[] = [];
  for (const migration of migrations) {
    await db.transaction(async (tx) => {
      await tx.query('select pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY]);
      const { rows } = await tx.query('select 1 from schema_migrations where version = $1', [migration.version]);
      if (rows.length > 0) return;
      await tx.exec(migration.sql);
      await tx.query('insert into schema_migrations (version, name) values ($1, $2)', [migration.version, migration.name]);
      applied.push(migration.version);
    });
  }
  return applied;
}
