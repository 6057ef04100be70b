/**
 * A process that records until it is killed: two tones in 20 ms frames, in real time,
 * as the call recorder would. Says "recording <key>" once its file exists. Run by
 * recording-crash.test.ts, which kills it with SIGKILL.
 *   node --import tsx recording-writer-child.ts <root> <key> [<hex key>]
 */
import { LocalDiskStore } from '../src/recordings/local-disk-store.ts';
import { RecordingCipher } from '../src/recordings/recording-cipher.ts';
import { RecordingFile } from '../src/recordings/recording-file.ts';
import { stereoTones } from './wav-decoder.ts';

const [root, key, hexKey] = process.argv.slice(2);
if (!root || !key) throw new Error('usage: recording-writer-child.ts <root> <key> [<hex key>]');
const file = await RecordingFile.create(new LocalDiskStore(root), key, {
  cipher: hexKey ? new RecordingCipher(Buffer.from(hexKey, 'hex')) : null,
});
let frames = 0;
const started = performance.now();
// Frames follow the clock, not the timer's count, so a late timer catches up.
setInterval(() => {
  while ((frames + 1) * 20 <= performance.now() - started) {
    file.write(stereoTones(20, frames * 320));
    frames++;
  }
}, 20);
process.stdout.write(`recording ${key}\n`);
