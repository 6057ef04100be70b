import type { AgentPresence, WaitingCall } from './acd-model.ts';

/**
 * The ACD's live state: agents' presence and the calls waiting or ringing. One
 * process keeps it in memory (the embedded default); the Redis implementation that
 * lets several nodes share it is issue #3, behind this same interface.
 */
export interface AcdLiveState {
  getAgent(userId: string): Promise<AgentPresence | undefined>;
  putAgent(agent: AgentPresence): Promise<void>;
  listAgents(): Promise<AgentPresence[]>;
  getCall(callId: string): Promise<WaitingCall | undefined>;
  putCall(call: WaitingCall): Promise<void>;
  deleteCall(callId: string): Promise<void>;
  /** Waiting and ringing calls in arrival order. */
  listCalls(): Promise<WaitingCall[]>;
}

export class InMemoryAcdLiveState implements AcdLiveState {
  private readonly agents = new Map<string, AgentPresence>();
  private readonly calls = new Map<string, WaitingCall>();

  // Copies in and out, so that callers cannot change state without a put (as with Redis).
  async getAgent(userId: string) {
    const a = this.agents.get(userId);
    return a && cloneAgent(a);
  }
  async putAgent(agent: AgentPresence) {
    this.agents.set(agent.userId, cloneAgent(agent));
  }
  async listAgents() {
    return [...this.agents.values()].map(cloneAgent);
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
}

const cloneAgent = (a: AgentPresence): AgentPresence => ({ ...a, queueIds: [...a.queueIds] });
const cloneCall = (c: WaitingCall): WaitingCall => ({ ...c, triedAgentIds: [...c.triedAgentIds] });
