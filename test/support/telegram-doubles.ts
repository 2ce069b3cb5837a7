import { Writable } from 'node:stream';
import type { ActionTokenStore, ChannelEvent, ChatAddress, InboundSink } from '../../src/contracts/channel.ts';
import { createLogger, type Logger } from '../../src/log.ts';

/** An ActionTokenStore kept in memory: counters as tokens, so tests can read them. */
export function memoryActionTokens(): ActionTokenStore & { stored: Map<string, { actionId: string; address: ChatAddress }> } {
  const stored = new Map<string, { actionId: string; address: ChatAddress }>();
  return {
    stored,
    async shorten(actionId, address) {
      const token = `k${stored.size + 1}`;
      stored.set(token, { actionId, address });
      return token;
    },
    async expand(token) {
      return stored.get(token)?.actionId ?? null;
    },
  };
}

/** An InboundSink that records what it is given, dedupes by deliveryId, and can be made to throw. */
export function recordingSink(): InboundSink & { events: ChannelEvent[]; failWith: Error | null } {
  const seen = new Set<string>();
  const sink = {
    events: [] as ChannelEvent[],
    failWith: null as Error | null,
    async accept(event: ChannelEvent) {
      if (sink.failWith) throw sink.failWith;
      sink.events.push(event);
      const key = `${event.address.workspace}:${event.deliveryId}`;
      const duplicate = seen.has(key);
      seen.add(key);
      return { duplicate };
    },
  };
  return sink;
}

/** A real pino logger at `level` whose output the test can read. */
export function capturedLogger(level = 'debug'): { log: Logger; lines: () => string } {
  let out = '';
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      out += chunk.toString('utf8');
      done();
    },
  });
  return { log: createLogger(level, stream), lines: () => out };
}
