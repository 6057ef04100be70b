import type { SipTransport, TrunkMode } from '@cc/shared';
import { conflict } from '../errors.ts';
import type { Queryable } from '../persistence/database.ts';
import { isUniqueViolation } from '../persistence/database-errors.ts';

/**
 * A SIP trunk as the gateway uses it, password included (digest answers need it in
 * clear). Only the gateway and the admin routes see this; the wire shape is SipTrunk.
 */
export interface TrunkConfig {
  id: string;
  name: string;
  mode: TrunkMode;
  /** IPv4/IPv6 addresses or CIDR ranges inbound INVITEs are accepted from. */
  allowedSources: string[];
  outboundHost: string | null;
  /** 5060 unless set. */
  outboundPort: number;
  /** 'udp' unless set. */
  transport: SipTransport;
  username: string | null;
  password: string | null;
  /** 3600 unless set; at least 60. */
  registerExpiresSeconds: number;
  defaultCallerId: string | null;
  enabled: boolean;
}

type TrunkRow = {
  id: string;
  name: string;
  mode: TrunkMode;
  allowed_sources: string[];
  outbound_host: string | null;
  outbound_port: number;
  transport: SipTransport;
  username: string | null;
  password: string | null;
  register_expires_seconds: number;
  default_caller_id: string | null;
  enabled: boolean;
};

const toTrunk = (r: TrunkRow): TrunkConfig => ({
  id: r.id,
  name: r.name,
  mode: r.mode,
  allowedSources: r.allowed_sources,
  outboundHost: r.outbound_host,
  outboundPort: r.outbound_port,
  transport: r.transport,
  username: r.username,
  password: r.password,
  registerExpiresSeconds: r.register_expires_seconds,
  defaultCallerId: r.default_caller_id,
  enabled: r.enabled,
});

type TrunkSettings = Omit<TrunkConfig, 'id'>;

/** Settings field → column, in one place for insert and update. */
const columns: ReadonlyArray<[keyof TrunkSettings, string, 'text[]'?]> = [
  ['name', 'name'],
  ['mode', 'mode'],
  ['allowedSources', 'allowed_sources', 'text[]'],
  ['outboundHost', 'outbound_host'],
  ['outboundPort', 'outbound_port'],
  ['transport', 'transport'],
  ['username', 'username'],
  ['password', 'password'],
  ['registerExpiresSeconds', 'register_expires_seconds'],
  ['defaultCallerId', 'default_caller_id'],
  ['enabled', 'enabled'],
];
const selectList = `id, ${columns.map(([, c]) => c).join(', ')}`;
const placeholder = (i: number, kind?: 'text[]') => (kind ? `$${i}::${kind}` : `$${i}`);

const nameTaken = (name: string) => conflict(`A trunk named "${name}" already exists.`);

/** The SIP trunks the gateway takes calls from and places calls through. */
export class TrunkRepository {
  constructor(private readonly db: Queryable) {}

  /** Every trunk, enabled or not, by name. */
  async list(): Promise<TrunkConfig[]> {
    const { rows } = await this.db.query<TrunkRow>(`select ${selectList} from sip_trunks order by lower(name)`);
    return rows.map(toTrunk);
  }

  async findById(id: string): Promise<TrunkConfig | null> {
    const { rows } = await this.db.query<TrunkRow>(`select ${selectList} from sip_trunks where id = $1`, [id]);
    return rows[0] ? toTrunk(rows[0]) : null;
  }

  /** Names are unique ignoring case. */
  async create(trunk: TrunkConfig): Promise<TrunkConfig> {
    try {
      await this.db.query(
        `insert into sip_trunks (${selectList})
         values ($1, ${columns.map(([, , kind], i) => placeholder(i + 2, kind)).join(', ')})`,
        [trunk.id, ...columns.map(([field]) => trunk[field])],
      );
    } catch (error) {
      if (isUniqueViolation(error)) throw nameTaken(trunk.name);
      throw error;
    }
    return trunk;
  }

  /** Changes only the fields given; null when there is no such trunk. */
  async update(id: string, patch: Partial<TrunkSettings>): Promise<TrunkConfig | null> {
    const set = columns.filter(([field]) => patch[field] !== undefined);
    if (set.length === 0) return this.findById(id);
    try {
      const { rows } = await this.db.query<TrunkRow>(
        `update sip_trunks set ${set.map(([, c, kind], i) => `${c} = ${placeholder(i + 2, kind)}`).join(', ')}
         where id = $1 returning ${selectList}`,
        [id, ...set.map(([field]) => patch[field])],
      );
      return rows[0] ? toTrunk(rows[0]) : null;
    } catch (error) {
      if (isUniqueViolation(error)) throw nameTaken(patch.name ?? '');
      throw error;
    }
  }

  /** False when there is no such trunk. Its phone numbers stay, tied to no trunk. */
  async remove(id: string): Promise<boolean> {
    const { rows } = await this.db.query('delete from sip_trunks where id = $1 returning id', [id]);
    return rows.length > 0;
  }
}
