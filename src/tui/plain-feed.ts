import type { Instrument } from '../engine/model/instrument.js';
import { clock, price, qty, signed } from './format.js';
import type { FeedItem, TuiSession } from './session/types.js';

/** One line per session event, for screen readers and logs: no redrawing, no colour. */
export function feedLine(item: FeedItem, inst: Instrument): string | undefined {
  switch (item.kind) {
    case 'order': {
      const o = item.order;
      const who = o.manual ? 'you' : 'strategy';
      const at = o.limit === undefined ? 'at market' : `@ ${price(inst, o.limit)}`;
      return `${clock(o.ts)} order ${o.clientId} (${who}) ${o.side} ${qty(inst, o.qty)} ${at} ${o.tif}: ${o.status}${o.filled > 0 ? `, filled ${qty(inst, o.filled)}` : ''}${o.reason ? ` (${o.reason})` : ''}`;
    }
    case 'fill': {
      const f = item.fill;
      return `${clock(f.ts)} fill ${f.clientId} ${f.side} ${qty(inst, f.qty)} @ ${price(inst, f.price)} ${f.liquidity}, fee ${f.fee}`;
    }
    case 'trade':
      return undefined; // the tape is summarised by status lines, not echoed print by print
    case 'end':
      return `end of data after ${item.events} events`;
  }
}

/** A status line: clock, touch, position and equity, with signs spelled out. */
export function statusLine(session: TuiSession): string {
  const s = session.snapshot();
  const st = session.status();
  const inst = session.instrument;
  const bid = s.bids[0];
  const ask = s.asks[0];
  const pnl = (Number(s.equity) - Number(s.startingEquity)).toFixed(2);
  return `${clock(s.clock)} ${inst.symbol} bid ${bid ? `${price(inst, bid[0])} x ${qty(inst, bid[1])}` : '—'} / ask ${ask ? `${price(inst, ask[0])} x ${qty(inst, ask[1])}` : '—'}; position ${signed(qty(inst, s.position))}; equity ${s.equity} (P&L ${signed(pnl)}); ${s.events} events; ${st.connection}`;
}

/**
 * The plain mode: a line per order, fill and the end of data, and a status line every
 * `everyMs` of wall time. Space pauses, '.' steps, +/- change speed and q quits when stdin is a
 * terminal; orders are placed in the full-screen mode.
 */
export async function runPlainFeed(session: TuiSession, opts: { out?: NodeJS.WritableStream; everyMs?: number; keys?: boolean } = {}): Promise<void> {
  const out = opts.out ?? process.stdout;
  const inst = session.instrument;
  out.write(`vtrade ${inst.symbol} from ${session.source}, account ${session.account}; plain mode${opts.keys ? ': Space pause, . step, + - speed, q quit' : ''}\n`);
  // A reader that goes away (`| head`) ends the session rather than the process.
  let closed = false;
  const onError = (err: NodeJS.ErrnoException) => {
    if (err.code !== 'EPIPE') throw err;
    closed = true;
    session.stop();
  };
  out.on('error', onError);
  const write = (line: string) => {
    if (!closed) out.write(line + '\n');
  };
  const off = session.onFeed((item) => {
    const line = feedLine(item, inst);
    if (line) write(line);
  });
  const timer = setInterval(() => write(statusLine(session)), opts.everyMs ?? 1000);
  const stdin = process.stdin;
  const onKey = (buf: Buffer) => {
    const k = buf.toString();
    if (k === 'q' || k === '\x03') session.stop();
    else if (k === ' ') session.control('toggle');
    else if (k === '.') session.control('step');
    else if (k === '+' || k === '=') session.control('faster');
    else if (k === '-') session.control('slower');
  };
  if (opts.keys && stdin.isTTY) {
    stdin.setRawMode(true);
    stdin.on('data', onKey);
    stdin.resume();
  }
  try {
    await session.done;
  } finally {
    clearInterval(timer);
    off();
    if (opts.keys && stdin.isTTY) {
      stdin.off('data', onKey);
      stdin.setRawMode(false);
      stdin.pause();
    }
    write(statusLine(session));
    out.off('error', onError);
  }
}
