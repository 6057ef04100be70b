/**
 * What a `Range` request header asks of a representation of `size` bytes (RFC 9110
 * §14.1.2, §14.2). One range only: a header with several, another unit, or a
 * malformed one is ignored and the whole representation sent (a server MAY ignore
 * Range, §14.2), which every media player handles.
 * - whole: answer 200 with everything;
 * - range: answer 206 with bytes start..end (inclusive, as Content-Range writes them);
 * - unsatisfiable: answer 416 with `Content-Range: bytes *\/size` (§15.5.17).
 */
export type ByteRangeRequest =
  | { kind: 'whole' }
  | { kind: 'range'; start: number; end: number }
  | { kind: 'unsatisfiable' };

export function parseByteRange(header: string | undefined, size: number): ByteRangeRequest {
  if (header === undefined) return { kind: 'whole' };
  const match = /^\s*bytes\s*=\s*(\d*)\s*-\s*(\d*)\s*$/i.exec(header);
  if (!match) return { kind: 'whole' };
  const [, first = '', last = ''] = match;
  if (first === '' && last === '') return { kind: 'whole' };
  if (first === '') {
    // bytes=-n: the last n bytes (§14.1.2); a suffix of 0 selects nothing.
    const suffix = Number(last);
    if (suffix === 0 || size === 0) return { kind: 'unsatisfiable' };
    return { kind: 'range', start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(first);
  if (last !== '' && Number(last) < start) return { kind: 'whole' };
  if (start >= size) return { kind: 'unsatisfiable' };
  return { kind: 'range', start, end: last === '' ? size - 1 : Math.min(Number(last), size - 1) };
}
