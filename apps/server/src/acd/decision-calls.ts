import type { WaitingCall } from './acd-model.ts';
import { cloneCall, type AcdLiveState } from './live-state.ts';

/**
 * The waiting calls as one decision sees them: read from the live state once, written
 * through. Decisions run one at a time across nodes, so nobody else changes them
 * meanwhile; on Redis this saves reading (and parsing) every waiting call several times
 * per decision.
 */
export class DecisionCalls {
  private snapshot: Map<string, WaitingCall> | null = null;

  constructor(private readonly state: AcdLiveState) {}

  /** Forget the snapshot: a new decision starts. */
  reset(): void {
    this.snapshot = null;
  }

  async list(): Promise<WaitingCall[]> {
    return [...(await this.load()).values()].sort((a, b) => a.sequence - b.sequence).map(cloneCall);
  }

  async get(callId: string): Promise<WaitingCall | undefined> {
    const call = (await this.load()).get(callId);
    return call && cloneCall(call);
  }

  async put(call: WaitingCall): Promise<void> {
    await this.state.putCall(call);
    this.snapshot?.set(call.callId, cloneCall(call));
  }

  async delete(callId: string): Promise<void> {
    await this.state.deleteCall(callId);
    this.snapshot?.delete(callId);
  }

  private async load(): Promise<Map<string, WaitingCall>> {
    this.snapshot ??= new Map((await this.state.listCalls()).map((c) => [c.callId, c]));
    return this.snapshot;
  }
}
