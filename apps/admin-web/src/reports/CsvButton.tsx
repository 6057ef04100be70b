import { useState } from 'react';

/**
 * Downloads a report as CSV. The request carries the bearer token, so the file is
 * fetched here and handed to the browser as a blob under the server's file name.
 */
export function CsvButton({ name, download }: { name: string; download: () => Promise<{ blob: Blob; filename: string }> }) {
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);

  async function save() {
    setBusy(true);
    setProblem(null);
    try {
      const { blob, filename } = await download();
      const url = URL.createObjectURL(blob);
      const link = document.createElement('a');
      link.href = url;
      link.download = filename;
      document.body.append(link);
      link.click();
      link.remove();
      // The browser has taken the file once the click returns; the URL can go soon after.
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (error) {
      setProblem(error instanceof Error ? error.message : 'The download failed.');
    } finally {
      setBusy(false);
    }
  }

  return (
    <span className="rp-csv">
      <button type="button" className="rp-button-secondary" onClick={save} disabled={busy} aria-label={name}>
        <span aria-hidden="true">⤓</span> {busy ? 'Preparing…' : 'CSV'}
      </button>
      {problem && (
        <span role="alert" className="rp-problem-inline">
          {problem}
        </span>
      )}
    </span>
  );
}
