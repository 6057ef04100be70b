import type { AgentStatus } from '@cc/shared';
import type { AgentPresence, WaitingCall } from './acd-model.ts';

/** A message from one node's ACD to another's (see AcdService's node events). */
export interface NodeMessage {
  /** The sending node: a node ignores its own broadcasts. */
  from: string;
  event: string;
  payload: unknown;
}

/**
 * The ACD's live state: agents' presence, the calls waiting or ringing, the claims
 * that pair them, and which node carries each call. One process keeps it in memory
 * (the embedded default, `InMemoryAcdLiveState`); `RedisAcdLiveState` lets several
 * nodes share it. Both run the same AcdService code.
 */
export interface AcdLiveState {
  getAgent(userId: string): Promise<AgentPresence | undefined>;
  putAgent(agent: AgentPresence): Promise<void>;
  listAgents(): Promise<AgentPresence[]>;
  /**
   * Agents whose status is available and who belong to one of `queueIds`: what routing
   * chooses from (indexed by queue, so a decision reads only the agents it could offer).
   */
  listAvailableAgents(queueIds: readonly string[]): Promise<AgentPresence[]>;
  /** Agents in wrap-up whose wrap-up has ended by `now` (indexed: the sweep reads only these). */
  listWrapUpsDue(now: Date): Promise<AgentPresence[]>;
  /** How many of a queue's members are staffed (signed in, not away) and how many of them free. */
  staffingOf(queueId: string): Promise<{ staffed: number; free: number }>;
  getCall(callId: string): Promise<WaitingCall | undefined>;
  putCall(call: WaitingCall): Promise<void>;
  deleteCall(callId: string): Promise<void>;
  /** Waiting and ringing calls in arrival order. */
  listCalls(): Promise<WaitingCall[]>;
  /** Arrival numbers, increasing across every node. */
  nextSequence(): Promise<number>;

  /**
   * Runs one ACD decision while no other decision runs, on this node or any other
   * sharing the state.
   */
  exclusive<T>(work: () => Promise<T>): Promise<T>;

  /**
   * Atomically pairs a call and an agent, or refuses (false) if either is already
   * claimed. The agent's claim lasts through the offer and the call it becomes; the
   * pairing is what guarantees one call per agent and one agent per call.
   */
  claim(callId: string, agentId: string): Promise<boolean>;
  /** Frees the call's pairing (offer withdrawn, call ended); returns the agent it had. */
  releaseCall(callId: string): Promise<string | null>;
  /** Frees the agent's pairing whatever call it holds. */
  releaseAgent(agentId: string): Promise<string | null>;
  /** The call an agent is paired with, if any. */
  claimOf(agentId: string): Promise<string | null>;

  /** Which node carries a call's media and record, from queueing to its end. */
  setCallNode(callId: string, nodeId: string): Promise<void>;
  clearCallNode(callId: string): Promise<void>;
  callNode(callId: string): Promise<string | null>;
  listCallNodes(): Promise<Map<string, string>>;
  /** This node is alive for the next ttlMs. */
  heartbeat(nodeId: string, ttlMs: number): Promise<void>;
  liveNodes(): Promise<Set<string>>;

  /** Handle time of answered calls per queue, a rolling average for wait estimates. */
  recordHandleTime(queueId: string, seconds: number): Promise<void>;
  averageHandleSeconds(queueId: string): Promise<number | null>;

  /** Delivers a message to one node's subscriber ('*' to every node). */
  publish(nodeId: string, message: NodeMessage): Promise<void>;
  subscribe(nodeId: string, onMessage: (message: NodeMessage) => void): Promise<void>;

  close(): Promise<void>;
}

/** The statuses in which an agent counts as staffing their queues (for wait estimates). */
export const staffedStatuses: ReadonlySet<AgentStatus> = new Set(['available', 'ringing', 'on-call', 'wrap-up']);

/** Weight of the newest call in the rolling average handle time. */
export const HANDLE_TIME_WEIGHT = 0.2;

export class InMemoryAcdLiveState implements AcdLiveState {
  private readonly agents = new Map<string, AgentPresence>();
  private readonly availableIn = new Map<string, Set<string>>();
  private readonly staffedIn = new Map<string, Set<string>>();
  private readonly calls = new Map<string, WaitingCall>();
  private readonly agentClaims = new Map<string, string>();
  private readonly callClaims = new Map<string, string>();
  private readonly callNodes = new Map<string, string>();
  private readonly handleTimes = new Map<string, number>();
  private readonly subscribers = new Map<string, (message: NodeMessage) => void>();
  private nodeAlive = new Map<string, number>();
  private sequence = 0;
  private tail: Promise<unknown> = Promise.resolve();

  // Copies in and out, so that callers cannot change state without a put (as with Redis).
  async getAgent(userId: string) {
    const a = this.agents.get(userId);
    return a && cloneAgent(a);
  }
  async putAgent(agent: AgentPresence) {
    const previous = this.agents.get(agent.userId);
    for (const m of previous?.memberships ?? []) {
      this.availableIn.get(m.queueId)?.delete(agent.userId);
      this.staffedIn.get(m.queueId)?.delete(agent.userId);
    }
    const add = (index: Map<string, Set<string>>) => {
      for (const { queueId } of agent.memberships) index.set(queueId, (index.get(queueId) ?? new Set()).add(agent.userId));
    };
    if (agent.status === 'available') add(this.availableIn);
    if (staffedStatuses.has(agent.status)) add(this.staffedIn);
    this.agents.set(agent.userId, cloneAgent(agent));
  }
  async listWrapUpsDue(now: Date) {
    return [...this.agents.values()]
      .filter((a) => a.status === 'wrap-up' && a.wrapUpEndsAt && a.wrapUpEndsAt <= now)
      .map(cloneAgent);
  }
  async staffingOf(queueId: string) {
    return { staffed: this.staffedIn.get(queueId)?.size ?? 0, free: this.availableIn.get(queueId)?.size ?? 0 };
  }
  async listAgents() {
    return [...this.agents.values()].map(cloneAgent);
  }
  async listAvailableAgents(queueIds: readonly string[]) {
    const ids = new Set(queueIds.flatMap((q) => [...(this.availableIn.get(q) ?? [])]));
    return [...ids].map((id) => cloneAgent(this.agents.get(id)!));
  }
  async getCall(callId: string) {
    const c = this.calls.get(callId);
    return c && cloneCall(c);
  }
  async putCall(call: WaitingCall) {
    this.calls.set(call.callId, cloneCall(call));
  }
  async deleteCall(callId: string) {
    this.calls.delete(callId);
  }
  async listCalls() {
    return [...this.calls.values()].sort((a, b) => a.sequence - b.sequence).map(cloneCall);
  }
  async nextSequence() {
    return ++this.sequence;
  }

  exclusive<T>(work: () => Promise<T>): Promise<T> {
    const run = this.tail.then(work, work);
    this.tail = run.catch(() => undefined);
    return run;
  }

  async claim(callId: string, agentId: string) {
    if (this.callClaims.has(callId) || this.agentClaims.has(agentId)) return false;
    this.callClaims.set(callId, agentId);
    this.agentClaims.set(agentId, callId);
    return true;
  }
  async releaseCall(callId: string) {
    const agentId = this.callClaims.get(callId) ?? null;
    this.callClaims.delete(callId);
    if (agentId && this.agentClaims.get(agentId) === callId) this.agentClaims.delete(agentId);
    return agentId;
  }
  async releaseAgent(agentId: string) {
    const callId = this.agentClaims.get(agentId) ?? null;
    this.agentClaims.delete(agentId);
    if (callId && this.callClaims.get(callId) === agentId) this.callClaims.delete(callId);
    return callId;
  }
  async claimOf(agentId: string) {
    return this.agentClaims.get(agentId) ?? null;
  }

  async setCallNode(callId: string, nodeId: string) {
    this.callNodes.set(callId, nodeId);
  }
  async clearCallNode(callId: string) {
    this.callNodes.delete(callId);
  }
  async callNode(callId: string) {
    return this.callNodes.get(callId) ?? null;
  }
  async listCallNodes() {
    return new Map(this.callNodes);
  }
  async heartbeat(nodeId: string, ttlMs: number) {
    this.nodeAlive.set(nodeId, Date.now() + ttlMs);
  }
  async liveNodes() {
    const now = Date.now();
    return new Set([...this.nodeAlive].filter(([, until]) => until > now).map(([id]) => id));
  }

  async recordHandleTime(queueId: string, seconds: number) {
    const previous = this.handleTimes.get(queueId);
    this.handleTimes.set(
      queueId,
      previous === undefined ? seconds : previous + HANDLE_TIME_WEIGHT * (seconds - previous),
    );
  }
  async averageHandleSeconds(queueId: string) {
    return this.handleTimes.get(queueId) ?? null;
  }

  async publish(nodeId: string, message: NodeMessage) {
    for (const [id, onMessage] of this.subscribers) if (nodeId === '*' || nodeId === id) onMessage(message);
  }
  async subscribe(nodeId: string, onMessage: (message: NodeMessage) => void) {
    this.subscribers.set(nodeId, onMessage);
  }
  async close() {
    this.subscribers.clear();
  }
}

export const cloneAgent = (a: AgentPresence): AgentPresence => ({
  ...a,
  memberships: a.memberships.map((m) => ({ ...m })),
  skills: a.skills.map((s) => ({ ...s })),
  lastOfferedAt: { ...a.lastOfferedAt },
});
export const cloneCall = (c: WaitingCall): WaitingCall => ({ ...c, triedAgentIds: [...c.triedAgentIds] });
