/**
 * Runs async tasks one at a time in arrival order. The ACD decides under one of
 * these so that two decisions never interleave their reads and writes of live state;
 * a call keeps one so that its record's writes land in order.
 */
export class SerialQueue {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(task: () => Promise<T>): Promise<T> {
    const result = this.tail.then(task, task);
    // The chain continues whether this task fails or not; the caller sees the failure.
    this.tail = result.catch(() => undefined);
    return result;
  }

  /** Resolves once everything queued so far has finished. */
  idle(): Promise<void> {
    return this.tail.then(() => undefined);
  }
}
