import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { feedLine, runPlainFeed, statusLine } from './plain-feed.js';
import { rig } from '../../test/support/tui-session.js';

describe('plain feed', () => {
  it('one line per order change and fill, with signs and sides in words', async () => {
    const r = await rig({ events: 3000 });
    const lines: string[] = [];
    r.engine.onFeed((item) => {
      const l = feedLine(item, r.data.instrument);
      if (l) lines.push(l);
    });
    r.engine.push(r.events.slice(0, 1500));
    const ask = r.engine.snapshot().asks[0][0];
    r.engine.submit({ side: 'buy', type: 'limit', qty: 3, limit: ask, tif: 'IOC' });
    r.engine.push(r.events.slice(1500));
    const price = (ask / 100).toFixed(2);
    expect(lines[0]).toMatch(new RegExp(`^\\d\\d:\\d\\d:\\d\\d\\.\\d{3} order M1 \\(you\\) buy 3 @ ${price.replace('.', '\\.')} IOC: pending$`));
    expect(lines.some((l) => /fill M1 buy \d+ @ \d+\.\d\d taker, fee 0$/.test(l))).toBe(true);
    expect(statusLine(r.session)).toMatch(/SYN bid \d+\.\d\d x \d+ \/ ask \d+\.\d\d x \d+; position \+\d+; equity \d+\.\d\d \(P&L [+−]?\d+\.\d\d\)/);
  });

  it('runs until the session is done and ends with a status line', async () => {
    const r = await rig({ events: 100 });
    let finish!: () => void;
    const session = { ...r.session, done: new Promise<void>((res) => (finish = res)) };
    const out = new PassThrough();
    let text = '';
    out.on('data', (d) => (text += d));
    const run = runPlainFeed(session, { out, everyMs: 5 });
    r.engine.push(r.events);
    r.engine.finish();
    finish();
    await run;
    expect(text.split('\n')[0]).toBe('vtrade SYN from syn, account test; plain mode');
    expect(text).toContain('end of data after 100 events');
  });
});
