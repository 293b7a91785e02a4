import { EventSourcingDbProtocolError, StreamStalledError } from './errors.js';

/** One line of an EventSourcingDB NDJSON stream. */
export interface NdjsonLine {
  readonly type: string;
  readonly payload: unknown;
}

const NEWLINE = 0x0a;

function parseLine(text: string, what: string): NdjsonLine {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new EventSourcingDbProtocolError(`${what}: the server sent a line that is not JSON`);
  }
  if (typeof value !== 'object' || value === null || typeof (value as { type?: unknown }).type !== 'string') {
    throw new EventSourcingDbProtocolError(`${what}: the server sent a line without a 'type'`);
  }
  const line = value as { type: string; payload?: unknown };
  return { type: line.type, payload: line.payload };
}

/**
 * Parses an NDJSON body line by line as the consumer pulls, so a long stream is never held at once.
 * The stall clock runs only while waiting on the network (never while the consumer works) and
 * restarts with each complete line: with `stallTimeoutMs` of silence the body is cancelled and
 * StreamStalledError is thrown. Leaving the loop early cancels the body (and so the connection).
 */
export async function* readNdjsonLines(
  body: ReadableStream<Uint8Array>,
  options: { readonly stallTimeoutMs: number; readonly what: string },
): AsyncGenerator<NdjsonLine, void, undefined> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let pending: Uint8Array[] = [];
  let waitedMs = 0;
  const readWithin = async (budgetMs: number): ReturnType<ReadableStreamDefaultReader<Uint8Array>['read']> => {
    let timer: NodeJS.Timeout | undefined;
    const stalled = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => reject(new StreamStalledError(options.what, options.stallTimeoutMs)), Math.max(0, budgetMs));
    });
    try {
      return await Promise.race([reader.read(), stalled]);
    } finally {
      clearTimeout(timer);
    }
  };
  const takeLine = (chunk: Uint8Array, end: number): string => {
    const parts = [...pending, chunk.subarray(0, end)];
    pending = [];
    return parts.map((part, index) => decoder.decode(part, { stream: index < parts.length - 1 })).join('');
  };
  try {
    for (;;) {
      const started = performance.now();
      const { done, value } = await readWithin(options.stallTimeoutMs - waitedMs);
      waitedMs += performance.now() - started;
      if (done) break;
      let chunk = value;
      for (let newline = chunk.indexOf(NEWLINE); newline !== -1; newline = chunk.indexOf(NEWLINE)) {
        const text = takeLine(chunk, newline);
        chunk = chunk.subarray(newline + 1);
        waitedMs = 0;
        if (text.trim() !== '') yield parseLine(text, options.what);
      }
      if (chunk.length > 0) pending.push(chunk);
    }
    const rest = takeLine(new Uint8Array(0), 0);
    if (rest.trim() !== '') yield parseLine(rest, options.what);
  } finally {
    await reader.cancel().catch(() => undefined);
  }
}
