import { TokenService } from '../src/auth/token-service.ts';
import type { SipCallLeg } from '../src/sip/sip-call-leg.ts';
import { startTestServer, type TestServer } from '../test/harness.ts';
import { type AgentSpeech, SimulatedAgentFleet } from '../test/simulated-agent.ts';
import { runSipp, type SippRun } from '../test/sipp.ts';

/**
 * The SIP load rig that test/sip-load.test.ts and bench/sip-bench.ts share: the real
 * server with its SIP gateway in this process, agent accounts in queue support, the
 * simulated agents (WebRTC, test/simulated-agent.ts) in a child process, and SIPp as
 * the phones, calling 1000 with RTP (test/sipp/load-inbound-call.xml).
 *
 * A tap on every phone leg sees the gateway's side of each call: it wraps the call
 * service's startPhoneCall (which the gateway calls once per inbound call) and keeps
 * the leg, so that its RTP relay's counters can be read after the call, and the
 * moments the gateway answered (200 OK), relayed the first agent packet to the phone,
 * and finished the leg. Only public members are touched; the server runs unchanged.
 */

/** Epoch milliseconds with sub-millisecond precision, comparable with SIPp's trace. */
export const now = () => performance.timeOrigin + performance.now();

export interface PhoneLegTrace {
  callId: string;
  leg: SipCallLeg;
  /** The gateway sent 200 OK (an agent answered). */
  answeredAt: number | null;
  /** The gateway sent the phone its first packet of agent audio. */
  firstToPhoneAt: number | null;
  /** The leg was over (BYE either way, or a failure). */
  endedAt: number | null;
}

export interface SipLoadRigOptions {
  agents: number;
  /** mediasoup workers; default 1. */
  workers?: number;
  /** How the agents talk; default continuously (see AgentSpeech). */
  speech?: AgentSpeech | null;
  /** Phone-facing RTP ports of the gateway; default 33000-34999. */
  rtpPorts?: { min: number; max: number };
  /**
   * Record every call (the support queue's policy `all`); default off: the load concerns
   * the gateway and the SFU, and recording has a benchmark of its own (mixer-bench.ts).
   */
  record?: boolean;
}

export interface SipLoadRig {
  server: TestServer;
  fleet: SimulatedAgentFleet;
  /** By our call id, every phone leg the gateway started. */
  legs: Map<string, PhoneLegTrace>;
  /** SIPp places `calls` calls at `rate` per second, each held `holdMs` after the answer. */
  placeCalls(input: { calls: number; rate: number; holdMs: number; timeoutS: number; extra?: string[] }): Promise<SippRun>;
  /** Stops the agents, then the server. Idempotent. */
  close(): Promise<void>;
}

export async function startSipLoadRig(options: SipLoadRigOptions): Promise<SipLoadRig> {
  const secret = `load-rig-${Math.random().toString(36).slice(2)}-${Date.now()}`;
  const rtp = options.rtpPorts ?? { min: 33000, max: 34999 };
  const server = await startTestServer({
    SESSION_SECRET: secret,
    MEDIA_WORKERS: String(options.workers ?? 1),
    SIP_ENABLED: 'true',
    SIP_PORT: '0',
    SIP_RTP_PORT_MIN: String(rtp.min),
    SIP_RTP_PORT_MAX: String(rtp.max),
    SIP_MAX_CALLS: String(Math.max(500, options.agents * 2)),
    // Every agent answers at once and is free again as soon as the call ends.
    WRAP_UP_MS: '0',
    RING_TIMEOUT_MS: '15000',
  });
  const legs = new Map<string, PhoneLegTrace>();
  tapPhoneLegs(server, legs);
  let fleet: SimulatedAgentFleet | undefined;
  try {
    const tokens = await createAgentAccounts(server, secret, options.agents, options.record ?? false);
    fleet = await SimulatedAgentFleet.start(server.url, tokens, { speech: options.speech ?? null });
  } catch (error) {
    await fleet?.close();
    await server.close();
    throw error;
  }
  const started = fleet;
  let closing: Promise<void> | undefined;
  return {
    server,
    fleet: started,
    legs,
    placeCalls: ({ calls, rate, holdMs, timeoutS, extra = [] }) =>
      runSipp(
        'load-inbound-call',
        { port: server.app.sip!.port },
        { calls, rate, limit: calls, timeoutS, extra: ['-d', String(holdMs), ...extra] },
      ),
    close() {
      closing ??= (async () => {
        await started.close();
        await server.close();
      })();
      return closing;
    },
  };
}

/**
 * `count` agents in queue support (recorded or not), created as an admin would (REST, user adam). Their
 * session tokens are signed with the server's secret rather than bought with a hundred
 * bcrypt sign-ins (~70 ms of CPU each), which the load does not concern.
 */
async function createAgentAccounts(server: TestServer, secret: string, count: number, record: boolean): Promise<string[]> {
  const admin = (await server.login('adam')).body.token as string;
  const api = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${server.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${admin}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : null,
    });
    const data = (await res.json()) as any;
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(data)}`);
    return data;
  };
  const support = ((await api('GET', '/api/queues')) as Array<{ id: string; name: string }>).find((q) => q.name === 'support');
  if (!support) throw new Error('the demo queue support is missing');
  await api('PATCH', `/api/queues/${support.id}`, { recordingPolicy: record ? 'all' : 'none' });
  const tokens = new TokenService(secret, 3600);
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    const user = await api('POST', '/api/users', {
      username: `load-agent-${i}`,
      displayName: `Load Agent ${i}`,
      role: 'agent',
      password: 'load-agent-password',
      memberships: [{ queueId: support.id, tier: 1 }],
    });
    out.push((await tokens.issueUserToken(user)).token);
  }
  return out;
}

function tapPhoneLegs(server: TestServer, legs: Map<string, PhoneLegTrace>): void {
  const calls = server.app.calls;
  const startPhoneCall = calls.startPhoneCall.bind(calls);
  calls.startPhoneCall = (input) => {
    const leg = input.leg as SipCallLeg;
    const trace: PhoneLegTrace = { callId: input.callId, leg, answeredAt: null, firstToPhoneAt: null, endedAt: null };
    legs.set(input.callId, trace);
    const finished = leg.onFinished;
    leg.onFinished = () => {
      trace.endedAt ??= now();
      finished?.();
    };
    const answer = leg.answer.bind(leg);
    leg.answer = () => {
      trace.answeredAt ??= now();
      answer();
    };
    // The relay counts each packet it sends the phone; the first count is the moment.
    const relay = leg.relay;
    if (relay) {
      let toPhone = relay.packetsToPhone;
      Object.defineProperty(relay, 'packetsToPhone', {
        get: () => toPhone,
        set: (value: number) => {
          if (toPhone === 0 && value > 0) trace.firstToPhoneAt = now();
          toPhone = value;
        },
      });
    }
    return startPhoneCall(input);
  };
}
