import type { Position, Span } from '../diagnostics/diagnostic.js';

/**
 * Offsets -> 1-based line and column, by binary search over line starts. Built on first use, so a
 * file that never needs a position never pays for it. A line ends at '\n' (a '\r' before it is part
 * of the line's text, as the code frame shows it).
 */
export class LineIndex {
  #starts: number[] | undefined;

  constructor(private readonly text: string) {}

  position(offset: number): Position {
    const clamped = Math.max(0, Math.min(offset, this.text.length));
    const starts = this.#lineStarts();
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((starts[mid] ?? 0) <= clamped) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: clamped - (starts[lo] ?? 0) + 1, offset: clamped };
  }

  span(file: string, start: number, end: number): Span {
    const from = this.position(start);
    return { file, start: from, end: end <= start ? from : this.position(end) };
  }

  #lineStarts(): number[] {
    if (this.#starts !== undefined) return this.#starts;
    const starts = [0];
    for (let i = this.text.indexOf('\n'); i !== -1; i = this.text.indexOf('\n', i + 1)) starts.push(i + 1);
    this.#starts = starts;
    return starts;
  }
}
