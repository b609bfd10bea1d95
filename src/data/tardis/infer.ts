import { InputError } from '../../errors.js';
import { ValueError } from '../../engine/model/errors.js';
import { type Instrument, makeInstrument } from '../../engine/model/instrument.js';
import { fileLines } from '../file-chunks.js';
import { type TardisLayout, tardisLayout } from './layout.js';

/**
 * Infers an instrument from a Tardis file in one pre-scan: symbol and venue from the rows, tick
 * and lot sizes from the most decimals seen in prices and amounts (a price with 1 decimal at most
 * gives tick 0.1). The currency is guessed from the symbol's quote part. Pass an instrument to
 * skip the scan or to set exact sizes.
 */
export async function inferTardisInstrument(path: string): Promise<Instrument> {
  return (await surveyTardis(path, 0)).instrument;
}

/**
 * The instrument, and the file's text when it is at most keepBytes long (else undefined), so
 * that the first events pass need not read the file again.
 */
export async function surveyTardis(path: string, keepBytes: number): Promise<{ instrument: Instrument; kept: Buffer[] | undefined }> {
  let layout: TardisLayout | undefined;
  let symbol = '';
  let venue = '';
  let priceDecimals = 0;
  let amountDecimals = 0;
  // Bytes, not decoded lines: this pass reads the whole file before the events pass does.
  const { lines } = fileLines(path, keepBytes > 0 ? [] : undefined);
  lines.keepLimit = keepBytes;
  let role = new Uint8Array(0);
  try {
    for (;;) {
      if (!lines.nextSync()) {
        if (await lines.fill()) continue;
        break;
      }
      if (layout === undefined) {
        layout = tardisLayout(path, lines.text());
        // Column roles by index, so a row is scanned once without splitting it into strings.
        role = new Uint8Array(layout.header.length + 1);
        for (const c of layout.priceCols) role[c] = 1;
        for (const c of layout.amountCols) role[c] = 2;
        continue;
      }
      const { buf, start, end } = lines;
      if (start === end) continue;
      if (symbol === '') {
        const cols = lines.text().split(',');
        venue = cols[0];
        symbol = cols[1] ?? '';
      }
      let from = start;
      for (let c = 0; from <= end; c++) {
        let to = from;
        const r = role[c];
        if (r === 0 || r === undefined) {
          while (to < end && buf[to] !== 44 /* , */) to++;
        } else {
          // A price or amount: its first point noted on the way to its comma, not looked for again.
          let dot = -1;
          for (; to < end; to++) {
            const x = buf[to];
            if (x === 44) break;
            if (x === 46 /* . */ && dot < 0) dot = to;
          }
          const d = decimalsAfter(buf, dot, to);
          if (r === 1) {
            if (d > priceDecimals) priceDecimals = d;
          } else if (d > amountDecimals) amountDecimals = d;
        }
        from = to + 1;
      }
    }
  } finally {
    await lines.close();
  }
  if (layout === undefined) tardisLayout(path, undefined);
  if (symbol === '' || venue === '') {
    throw new InputError(path, 2, 'symbol', 'no data rows to infer the instrument from', 'pass --instrument');
  }
  try {
    const instrument = makeInstrument({
      symbol,
      venue,
      assetClass: 'crypto',
      currency: guessCurrency(symbol),
      tickSize: stepText(priceDecimals),
      lotSize: stepText(amountDecimals),
    });
    return { instrument, kept: lines.keep };
  } catch (err) {
    if (err instanceof ValueError) throw new InputError(path, undefined, err.field, err.message, 'pass --instrument');
    throw err;
  }
}

/**
 * Decimals that matter in a field ending before `to` whose first point is at `dot` (-1: none):
 * trailing zeros carry no precision.
 */
function decimalsAfter(b: Uint8Array, dot: number, to: number): number {
  if (dot < 0) return 0;
  let end = to;
  while (end > dot + 1 && b[end - 1] === 48) end--;
  return end - dot - 1;
}

function stepText(decimals: number): string {
  return decimals === 0 ? '1' : `0.${'0'.repeat(decimals - 1)}1`;
}

const QUOTES = ['USDT', 'USDC', 'BUSD', 'FDUSD', 'USD', 'EUR', 'GBP', 'JPY', 'BTC', 'ETH'];

/** BTCUSDT -> USDT, BTC-USD -> USD, XBTUSD -> USD; perpetuals quoted in USD by default. */
export function guessCurrency(symbol: string): string {
  const s = symbol.toUpperCase().replace(/[-_](PERPETUAL|PERP|SWAP)$/, '');
  for (const q of QUOTES) if (s.endsWith(q) && s.length > q.length) return q;
  return 'USD';
}
