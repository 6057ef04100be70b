import { createHash } from 'node:crypto';

/**
 * Where recording files live, by key (`2026/11/25/<recordingId>.wav`). Local disk is the
 * default (local-disk-store.ts); the interface is narrow enough for an S3-compatible
 * store: a sink would be a multipart upload whose first part (the one the WAV header's
 * sizes are patched into, at least 5 MiB) stays in a local spool file until `close`
 * uploads it and completes the upload, while `sync` persists the spool and uploads each
 * further full part as it fills; a reader is ranged GETs; `open` after a crash lists the
 * upload's parts and continues from the spool.
 */
export interface RecordingStore {
  /** A new, empty object at `key` (its directories made as needed). Fails if it exists. */
  create(key: string): Promise<RecordingSink>;
  /** An existing object, to repair after a crash (recovery). Null if there is none. */
  open(key: string): Promise<RecordingSink | null>;
  /** Random access to an object's bytes as stored; null if there is none. */
  reader(key: string): Promise<RecordingReader | null>;
  /** The object's size in bytes, or null if there is none. */
  size(key: string): Promise<number | null>;
  exists(key: string): Promise<boolean>;
  /** Removes the object; nothing happens if there is none. */
  remove(key: string): Promise<void>;
}

/** An object being written. Calls must not overlap: each waits for the previous one. */
export interface RecordingSink {
  /** Bytes written so far (the end of the object). */
  readonly size: number;
  append(bytes: Uint8Array): Promise<void>;
  /** Overwrites bytes already written (the WAV header's size fields). */
  writeAt(offset: number, bytes: Uint8Array): Promise<void>;
  /** Cuts the object to `size` bytes (recovery drops a torn tail). */
  truncate(size: number): Promise<void>;
  /** Everything written so far survives a crash of this process or the machine once this resolves. */
  sync(): Promise<void>;
  /** Syncs and releases the object. Idempotent. */
  close(): Promise<void>;
}

/** Read access to one stored object, as it was when opened or grown since. */
export interface RecordingReader {
  /** The object's size when the reader was opened. */
  readonly size: number;
  /** Up to `length` bytes from `position` (fewer only at the end of the object). */
  read(position: number, length: number): Promise<Buffer>;
  close(): Promise<void>;
}

/**
 * Where a recording goes: one folder per UTC day, so a day's recordings can be archived
 * or expired together, and no folder grows past a day's calls.
 */
export function recordingKeyOf(recordingId: string, startedAt: Date): string {
  const day = startedAt.toISOString().slice(0, 10).replaceAll('-', '/');
  return `${day}/${recordingId}.wav`;
}

/** Keys are relative paths of plain names: never absolute, never `..`. */
const KEY = /^[A-Za-z0-9][A-Za-z0-9._-]*(\/[A-Za-z0-9][A-Za-z0-9._-]*)*$/;

export function assertValidKey(key: string): void {
  if (!KEY.test(key) || key.length > 512) throw new Error(`Invalid recording storage key: ${JSON.stringify(key)}`);
}

/** Read size for streaming through a stored object. */
const READ_BLOCK = 256 * 1024;

/** SHA-256 (hex) and size of an object as it is stored, read through once. Null if there is none. */
export async function digestOf(store: RecordingStore, key: string): Promise<{ sha256: string; bytes: number } | null> {
  const reader = await store.reader(key);
  if (!reader) return null;
  try {
    const hash = createHash('sha256');
    let position = 0;
    for (;;) {
      const block = await reader.read(position, READ_BLOCK);
      if (block.length === 0) break;
      hash.update(block);
      position += block.length;
    }
    return { sha256: hash.digest('hex'), bytes: position };
  } finally {
    await reader.close();
  }
}
