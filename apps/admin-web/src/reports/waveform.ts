import type { RecordingMark } from '@cc/shared';

/** Per column of the drawing, the loudest sample of each channel (0..1). */
export interface Waveform {
  durationMs: number;
  /** One array per channel (recordings: the caller on the left, the agent side on the right). */
  peaks: Float32Array[];
}

/**
 * Decodes a recording with the Web Audio API and reduces it to `columns` peaks per
 * channel. An OfflineAudioContext decodes without needing a user gesture or an output
 * device; it decodes at the recording's own rate, so nothing is resampled.
 */
export async function decodeWaveform(audio: ArrayBuffer, sampleRate: number, columns: number): Promise<Waveform> {
  const context = new OfflineAudioContext(1, 1, sampleRate);
  const buffer = await context.decodeAudioData(audio);
  const peaks: Float32Array[] = [];
  for (let c = 0; c < buffer.numberOfChannels; c++) {
    const samples = buffer.getChannelData(c);
    const column = new Float32Array(columns);
    const perColumn = samples.length / columns;
    for (let i = 0; i < columns; i++) {
      let peak = 0;
      const end = Math.min(samples.length, Math.floor((i + 1) * perColumn));
      for (let s = Math.floor(i * perColumn); s < end; s++) {
        const v = Math.abs(samples[s]!);
        if (v > peak) peak = v;
      }
      column[i] = peak;
    }
    peaks.push(column);
  }
  return { durationMs: buffer.duration * 1000, peaks };
}

export const markColors: Record<RecordingMark['kind'], string> = {
  hold: 'rgba(224, 150, 30, 0.22)',
  pause: 'rgba(90, 100, 120, 0.28)',
};

/**
 * Draws the waveform (each channel in its own lane, mirrored about its centre line), the
 * hold and pause spans over it, and the playhead at `positionMs`.
 */
export function drawWaveform(
  canvas: HTMLCanvasElement,
  waveform: Waveform | null,
  marks: readonly RecordingMark[],
  durationMs: number,
  positionMs: number,
): void {
  const ratio = window.devicePixelRatio || 1;
  const width = canvas.clientWidth;
  const height = canvas.clientHeight;
  if (canvas.width !== Math.round(width * ratio)) canvas.width = Math.round(width * ratio);
  if (canvas.height !== Math.round(height * ratio)) canvas.height = Math.round(height * ratio);
  const g = canvas.getContext('2d');
  if (!g) return;
  g.setTransform(ratio, 0, 0, ratio, 0, 0);
  g.clearRect(0, 0, width, height);
  const x = (ms: number) => (durationMs > 0 ? (Math.min(Math.max(ms, 0), durationMs) / durationMs) * width : 0);

  for (const mark of marks) {
    const start = x(mark.startMs);
    const end = x(mark.endMs ?? durationMs);
    g.fillStyle = markColors[mark.kind];
    g.fillRect(start, 0, Math.max(2, end - start), height);
    g.fillStyle = mark.kind === 'hold' ? '#b76e00' : '#4a5568';
    g.fillRect(start, 0, Math.max(2, end - start), 3);
  }

  const lanes = waveform?.peaks ?? [];
  const laneHeight = lanes.length > 0 ? height / lanes.length : height;
  const played = x(positionMs);
  lanes.forEach((peaks, lane) => {
    const middle = laneHeight * lane + laneHeight / 2;
    const columnWidth = width / peaks.length;
    for (let i = 0; i < peaks.length; i++) {
      const left = i * columnWidth;
      const h = Math.max(1, peaks[i]! * (laneHeight / 2 - 4));
      g.fillStyle = left < played ? (lane === 0 ? '#2454d6' : '#2f9e6b') : lane === 0 ? '#9fb6ee' : '#9ed4b9';
      g.fillRect(left, middle - h, Math.max(1, columnWidth - 1), h * 2);
    }
    if (lane > 0) {
      g.fillStyle = '#e3e8f0';
      g.fillRect(0, laneHeight * lane, width, 1);
    }
  });

  g.fillStyle = '#142033';
  g.fillRect(Math.min(played, width - 2), 0, 2, height);
}
