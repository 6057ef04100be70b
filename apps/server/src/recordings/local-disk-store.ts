import { constants } from 'node:fs';
import { type FileHandle, mkdir, open, rm, stat } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { assertValidKey, type RecordingReader, type RecordingSink, type RecordingStore } from './recording-store.ts';

/**
 * Recordings as files under one directory (RECORDINGS_DIR). `sync` is fsync; a new
 * file's directory entry (and any directory made for it) is fsynced too, so a file that
 * was synced cannot vanish with a power cut because its name was not.
 */
export class LocalDiskStore implements RecordingStore {
  readonly root: string;

  constructor(root: string) {
    this.root = resolve(root);
  }

  async create(key: string): Promise<RecordingSink> {
    const path = this.pathOf(key);
    const dir = dirname(path);
    const firstMade = await mkdir(dir, { recursive: true, mode: 0o750 });
    // O_EXCL: two recordings can never share a file, whatever the caller's keys.
    const handle = await open(path, constants.O_CREAT | constants.O_EXCL | constants.O_RDWR, 0o640);
    try {
      await syncDirectories(dir, firstMade ? dirname(firstMade) : dir);
    } catch (error) {
      await handle.close();
      throw error;
    }
    return new FileSink(handle, 0);
  }

  async open(key: string): Promise<RecordingSink | null> {
    const handle = await openIfExists(this.pathOf(key), 'r+');
    return handle ? new FileSink(handle, (await handle.stat()).size) : null;
  }

  async reader(key: string): Promise<RecordingReader | null> {
    const handle = await openIfExists(this.pathOf(key), 'r');
    return handle ? new FileReader(handle, (await handle.stat()).size) : null;
  }

  async size(key: string): Promise<number | null> {
    try {
      return (await stat(this.pathOf(key))).size;
    } catch (error) {
      if (isNotFound(error)) return null;
      throw error;
    }
  }

  async exists(key: string): Promise<boolean> {
    return (await this.size(key)) !== null;
  }

  async remove(key: string): Promise<void> {
    await rm(this.pathOf(key), { force: true });
  }

  /** The file of `key`, which must stay inside the root. */
  private pathOf(key: string): string {
    assertValidKey(key);
    const path = join(this.root, ...key.split('/'));
    const rel = relative(this.root, path);
    if (rel.startsWith('..') || rel.split(sep).includes('..')) throw new Error(`Recording key escapes the store: ${key}`);
    return path;
  }
}

class FileSink implements RecordingSink {
  private closed = false;

  constructor(
    private readonly handle: FileHandle,
    private end: number,
  ) {}

  get size(): number {
    return this.end;
  }

  async append(bytes: Uint8Array): Promise<void> {
    await writeFully(this.handle, bytes, this.end);
    this.end += bytes.length;
  }

  async writeAt(offset: number, bytes: Uint8Array): Promise<void> {
    if (offset + bytes.length > this.end) throw new RangeError('writeAt may only overwrite bytes already written');
    await writeFully(this.handle, bytes, offset);
  }

  async truncate(size: number): Promise<void> {
    await this.handle.truncate(size);
    this.end = Math.min(this.end, size);
  }

  async sync(): Promise<void> {
    await this.handle.sync();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    try {
      await this.handle.sync();
    } finally {
      await this.handle.close();
    }
  }
}

class FileReader implements RecordingReader {
  constructor(
    private readonly handle: FileHandle,
    readonly size: number,
  ) {}

  async read(position: number, length: number): Promise<Buffer> {
    const buffer = Buffer.alloc(length);
    let filled = 0;
    while (filled < length) {
      const { bytesRead } = await this.handle.read(buffer, filled, length - filled, position + filled);
      if (bytesRead === 0) break;
      filled += bytesRead;
    }
    return filled === length ? buffer : buffer.subarray(0, filled);
  }

  async close(): Promise<void> {
    await this.handle.close();
  }
}

async function writeFully(handle: FileHandle, bytes: Uint8Array, position: number): Promise<void> {
  let written = 0;
  while (written < bytes.length) {
    const { bytesWritten } = await handle.write(bytes, written, bytes.length - written, position + written);
    written += bytesWritten;
  }
}

/** fsyncs `from` and each parent up to and including `upTo`. */
async function syncDirectories(from: string, upTo: string): Promise<void> {
  for (let dir = from; ; dir = dirname(dir)) {
    const handle = await open(dir, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
    if (dir === upTo || dirname(dir) === dir) return;
  }
}

async function openIfExists(path: string, flags: 'r' | 'r+'): Promise<FileHandle | null> {
  try {
    return await open(path, flags);
  } catch (error) {
    if (isNotFound(error)) return null;
    throw error;
  }
}

const isNotFound = (error: unknown) => (error as NodeJS.ErrnoException).code === 'ENOENT';
