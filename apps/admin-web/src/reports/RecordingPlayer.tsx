import type { Recording } from '@cc/shared';
import { type MouseEvent, useEffect, useRef, useState } from 'react';
import { duration } from './figure-format.ts';
import type { ReportApi } from './report-api.ts';
import { type Waveform, decodeWaveform, drawWaveform } from './waveform.ts';

const COLUMNS = 600;

const markWords = { hold: 'On hold', pause: 'Recording paused' } as const;

/**
 * A recording: the browser's audio controls, the waveform (caller above, agent side
 * below) with the hold and pause spans over it, and the spans as a list that seeks.
 * The playhead is drawn from the audio element's clock, not from React state.
 */
export function RecordingPlayer({ api, recording, label }: { api: ReportApi; recording: Recording; label: string }) {
  const audio = useRef<HTMLAudioElement>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const [url, setUrl] = useState<string | null>(null);
  const [waveform, setWaveform] = useState<Waveform | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const durationMs = recording.durationMs ?? waveform?.durationMs ?? 0;

  useEffect(() => {
    let current = true;
    (async () => {
      const signed = await api.recordingAudioUrl(recording.id);
      if (!current) return;
      setUrl(signed.url);
      const response = await fetch(signed.url);
      if (!response.ok) throw new Error(`The recording could not be loaded (HTTP ${response.status}).`);
      const decoded = await decodeWaveform(await response.arrayBuffer(), recording.sampleRate, COLUMNS);
      if (current) setWaveform(decoded);
    })().catch((error: unknown) => current && setProblem(error instanceof Error ? error.message : 'The recording could not be loaded.'));
    return () => {
      current = false;
    };
  }, [api, recording.id, recording.sampleRate]);

  useEffect(() => {
    const c = canvas.current;
    const a = audio.current;
    if (!c) return;
    let frame = 0;
    const draw = () => drawWaveform(c, waveform, recording.marks, durationMs, (a?.currentTime ?? 0) * 1000);
    const tick = () => {
      draw();
      if (a && !a.paused) frame = requestAnimationFrame(tick);
    };
    draw();
    const onPlay = () => {
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(tick);
    };
    a?.addEventListener('play', onPlay);
    a?.addEventListener('seeked', draw);
    a?.addEventListener('pause', draw);
    const resized = new ResizeObserver(draw);
    resized.observe(c);
    return () => {
      cancelAnimationFrame(frame);
      a?.removeEventListener('play', onPlay);
      a?.removeEventListener('seeked', draw);
      a?.removeEventListener('pause', draw);
      resized.disconnect();
    };
  }, [waveform, recording.marks, durationMs, url]);

  const seek = (ms: number) => {
    if (!audio.current) return;
    audio.current.currentTime = ms / 1000;
  };
  const seekTo = (event: MouseEvent<HTMLCanvasElement>) => {
    const box = event.currentTarget.getBoundingClientRect();
    seek(((event.clientX - box.left) / box.width) * durationMs);
  };

  const holds = recording.marks.filter((m) => m.kind === 'hold').length;
  const pauses = recording.marks.length - holds;
  return (
    <figure className="rp-recording">
      <figcaption>
        <strong>{label}</strong> · {duration(durationMs / 1000)}
        {recording.state === 'interrupted' && <span className="rp-badge rp-badge-unanswered">Interrupted</span>}
        {recording.state === 'recording' && <span className="rp-badge rp-badge-in-progress">Still recording</span>}
      </figcaption>
      <div className="rp-wave">
        <span className="rp-lane rp-lane-top" aria-hidden="true">
          Caller
        </span>
        <span className="rp-lane rp-lane-bottom" aria-hidden="true">
          Agent
        </span>
        <canvas
          ref={canvas}
          className="rp-wave-canvas"
          role="img"
          aria-label={`${label} waveform, ${duration(durationMs / 1000)} long, with ${holds} hold and ${pauses} pause mark${pauses === 1 ? '' : 's'}`}
          onClick={seekTo}
        />
        {!waveform && !problem && <span className="rp-wave-loading">Drawing the waveform…</span>}
      </div>
      {problem && (
        <p role="alert" className="rp-problem">
          {problem}
        </p>
      )}
      <audio ref={audio} controls preload="metadata" src={url ?? undefined} aria-label={`${label} audio`} className="rp-audio" />
      {recording.marks.length > 0 && (
        <ul className="rp-marks" aria-label="Hold and pause marks">
          {recording.marks.map((mark) => (
            <li key={mark.id}>
              <button type="button" className={`rp-mark rp-mark-${mark.kind}`} onClick={() => seek(mark.startMs)}>
                {markWords[mark.kind]} {duration(mark.startMs / 1000)}–{mark.endMs === null ? 'end' : duration(mark.endMs / 1000)}
              </button>
            </li>
          ))}
        </ul>
      )}
    </figure>
  );
}
