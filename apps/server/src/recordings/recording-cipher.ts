import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import { RecordingUnreadableError } from './recording-errors.ts';

/**
 * Encryption at rest (issue #5): an encrypted recording is the WAV byte stream cut into
 * chunks of about a second, each sealed on its own with AES-256-GCM, so a crash loses
 * only the chunk being written and every complete chunk still opens.
 *
 * ```
 * file    = header(16) chunk*
 * header  = "CCRECENC" version:u8(1) algorithm:u8(1 = AES-256-GCM) 0:u16 keyId:4
 * chunk   = length:u32be flags:u8 nonce:12 ciphertext:length tag:16
 * flags   = bit 0: final (written by finish(); a file without one was cut off)
 * AAD     = header ‖ index:u32be ‖ flags:u8 ‖ length:u32be
 * ```
 * Each chunk has a fresh random 96-bit nonce (NIST SP 800-38D §8.2.2: at most 2^32
 * messages per key with random nonces, about 136 years of audio at one chunk a
 * second). The chunk's index in the AAD means chunks cannot be reordered, dropped from
 * the middle or moved between files with the same key without failing authentication;
 * the final flag lets a reader tell a finished file from one that was cut off. The key
 * id (from the key, not revealing it) turns "wrong key" into a clear error instead of
 * an authentication failure.
 */
export const ENCRYPTED_MAGIC = Buffer.from('CCRECENC', 'ascii');
export const ENCRYPTED_HEADER_BYTES = 16;
const FORMAT_VERSION = 1;
const ALGORITHM_AES_256_GCM = 1;
const KEY_BYTES = 32;
const NONCE_BYTES = 12;
const TAG_BYTES = 16;
/** length + flags + nonce */
export const CHUNK_PREFIX_BYTES = 4 + 1 + NONCE_BYTES;
export const CHUNK_OVERHEAD_BYTES = CHUNK_PREFIX_BYTES + TAG_BYTES;
/** A chunk is about a second of audio (64 000 bytes); a longer length prefix is damage. */
export const MAX_CHUNK_PLAINTEXT = 1 << 20;
const FINAL_FLAG = 0x01;

/**
 * RECORDING_KEY: 32 bytes as 64 hex characters or base64 (`openssl rand -hex 32`,
 * `openssl rand -base64 32`). Anything else throws, so a typo stops the server at start
 * rather than leaving recordings unreadable later.
 */
export function parseRecordingKey(text: string): Buffer {
  const value = text.trim();
  if (/^[0-9a-fA-F]{64}$/.test(value)) return Buffer.from(value, 'hex');
  if (/^[A-Za-z0-9+/]{43}=?$/.test(value) || /^[A-Za-z0-9_-]{43}=?$/.test(value)) {
    const key = Buffer.from(value, value.includes('-') || value.includes('_') ? 'base64url' : 'base64');
    // Buffer ignores stray bits in the last character; a canonical round trip refuses them.
    if (key.length === KEY_BYTES && key.toString('base64url') === value.replace(/=$/, '').replaceAll('+', '-').replaceAll('/', '_')) {
      return key;
    }
  }
  throw new Error(
    'must be 32 bytes written as 64 hex characters or as base64 (44 characters), e.g. the output of `openssl rand -hex 32`',
  );
}

export interface SealedChunkInfo {
  /** Where the chunk starts in the file. */
  offset: number;
  /** Its plaintext length. */
  length: number;
  final: boolean;
}

export class RecordingCipher {
  /** 4 bytes that name the key without revealing it. */
  readonly keyId: Buffer;
  private readonly header: Buffer;

  constructor(private readonly key: Buffer) {
    if (key.length !== KEY_BYTES) throw new Error(`A recording key is ${KEY_BYTES} bytes, not ${key.length}`);
    this.keyId = createHmac('sha256', key).update('contact-center recording key id').digest().subarray(0, 4);
    this.header = Buffer.alloc(ENCRYPTED_HEADER_BYTES);
    ENCRYPTED_MAGIC.copy(this.header, 0);
    this.header.writeUInt8(FORMAT_VERSION, 8);
    this.header.writeUInt8(ALGORITHM_AES_256_GCM, 9);
    this.keyId.copy(this.header, 12);
  }

  /** The first bytes of every file this cipher writes. */
  fileHeader(): Buffer {
    return Buffer.from(this.header);
  }

  /** Chunk number `index` of a file, sealed and framed. */
  seal(plaintext: Uint8Array, index: number, final: boolean): Buffer {
    if (plaintext.length > MAX_CHUNK_PLAINTEXT) throw new RangeError('Recording chunk too large');
    const flags = final ? FINAL_FLAG : 0;
    const nonce = randomBytes(NONCE_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key, nonce);
    cipher.setAAD(this.aad(index, flags, plaintext.length));
    const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
    const prefix = Buffer.alloc(5);
    prefix.writeUInt32BE(plaintext.length, 0);
    prefix.writeUInt8(flags, 4);
    return Buffer.concat([prefix, nonce, ciphertext, cipher.getAuthTag()]);
  }

  /**
   * The plaintext of chunk `index`, given its framed bytes. Throws
   * RecordingUnreadableError('corrupt') when authentication fails.
   */
  open(framed: Buffer, index: number): Buffer {
    const length = framed.readUInt32BE(0);
    const flags = framed.readUInt8(4);
    if (framed.length !== CHUNK_OVERHEAD_BYTES + length) throw corrupt(`chunk ${index} has the wrong size`);
    const nonce = framed.subarray(5, CHUNK_PREFIX_BYTES);
    const decipher = createDecipheriv('aes-256-gcm', this.key, nonce);
    decipher.setAAD(this.aad(index, flags, length));
    decipher.setAuthTag(framed.subarray(CHUNK_PREFIX_BYTES + length));
    try {
      return Buffer.concat([decipher.update(framed.subarray(CHUNK_PREFIX_BYTES, CHUNK_PREFIX_BYTES + length)), decipher.final()]);
    } catch (cause) {
      throw new RecordingUnreadableError('corrupt', `Recording chunk ${index} failed authentication: the file was altered or damaged`, {
        cause,
      });
    }
  }

  /** Checks a file header: our format and version, sealed with this key. */
  checkFileHeader(header: Buffer): void {
    if (!isEncryptedRecording(header)) throw corrupt('not an encrypted recording');
    if (header.readUInt8(8) !== FORMAT_VERSION || header.readUInt8(9) !== ALGORITHM_AES_256_GCM) {
      throw corrupt(`unknown encrypted recording format ${header.readUInt8(8)}.${header.readUInt8(9)}`);
    }
    if (!header.subarray(12, 16).equals(this.keyId)) {
      throw new RecordingUnreadableError('wrong-key', 'The recording was encrypted with a different RECORDING_KEY');
    }
  }

  private aad(index: number, flags: number, length: number): Buffer {
    const tail = Buffer.alloc(9);
    tail.writeUInt32BE(index, 0);
    tail.writeUInt8(flags, 4);
    tail.writeUInt32BE(length, 5);
    return Buffer.concat([this.header, tail]);
  }
}

export function isEncryptedRecording(firstBytes: Uint8Array): boolean {
  return firstBytes.length >= ENCRYPTED_HEADER_BYTES && Buffer.from(firstBytes.subarray(0, 8)).equals(ENCRYPTED_MAGIC);
}

/**
 * The chunks of an encrypted file from their length prefixes alone (no decryption): the
 * complete ones, in order, and where the last complete one ends (`end`; bytes past it
 * are a tail to drop). A chunk cut off by a crash (its prefix or body short of the end
 * of the file) ends the list, and so does a prefix no writer produces (a tail a power
 * cut left unwritten): everything before it is still good. Bytes after a final chunk
 * were added by someone else: 'corrupt'.
 */
export async function scanChunks(
  read: (position: number, length: number) => Promise<Buffer>,
  fileSize: number,
): Promise<{ chunks: SealedChunkInfo[]; end: number; final: boolean }> {
  const chunks: SealedChunkInfo[] = [];
  let offset = ENCRYPTED_HEADER_BYTES;
  while (offset + CHUNK_PREFIX_BYTES <= fileSize) {
    const prefix = await read(offset, 5);
    const length = prefix.readUInt32BE(0);
    const final = (prefix.readUInt8(4) & FINAL_FLAG) !== 0;
    const valid = length <= MAX_CHUNK_PLAINTEXT && (prefix.readUInt8(4) & ~FINAL_FLAG) === 0;
    if (!valid || offset + CHUNK_OVERHEAD_BYTES + length > fileSize) break;
    chunks.push({ offset, length, final });
    offset += CHUNK_OVERHEAD_BYTES + length;
    if (final) {
      if (offset !== fileSize) throw corrupt('bytes follow the final chunk');
      return { chunks, end: offset, final: true };
    }
  }
  return { chunks, end: offset, final: false };
}

const corrupt = (what: string) => new RecordingUnreadableError('corrupt', `Encrypted recording is damaged: ${what}`);
