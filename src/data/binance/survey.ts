/**
 * A cheap first pass over a recording that learns what the reader cannot know up front: the
 * symbol, the venue, and the finest decimal place any price or size uses (the tick and lot
 * sizes). It scans the text for the quoted decimals only, without parsing JSON.
 */

export type VenueKind = 'spot' | 'usdm' | 'coinm' | 'hyperliquid';

export interface Survey {
  /** As written in the data ("s" field, or the Hyperliquid coin), upper case. */
  symbol: string | undefined;
  venue: VenueKind | undefined;
  /** Decimal places of the finest non-zero price / size seen; -1 when none was seen. */
  priceScale: number;
  qtyScale: number;
}

export class SurveyScanner {
  symbol: string | undefined;
  /** Futures diffs carry pu, futures snapshots E; spot ones neither. */
  sawFutures = false;
  sawSpot = false;
  sawHyperliquid = false;
  priceScale = -1;
  qtyScale = -1;

  /** Feeds the JSON part of one line. */
  scan(json: string): void {
    if (json.startsWith('{"stream":"')) {
      const end = json.indexOf('"', 11);
      const stream = json.slice(11, end);
      const at = stream.indexOf('@');
      const kind = stream.slice(at + 1);
      if (this.symbol === undefined) this.symbol = stream.slice(0, at).toUpperCase();
      if (kind.startsWith('depth')) {
        if (json.includes('"pu":', end)) this.sawFutures = true;
        else this.sawSpot = true;
        this.scanPairs(json, end);
      } else if (kind === 'bookTicker') {
        this.price(valueOf(json, '"b":"', end));
        this.qty(valueOf(json, '"B":"', end));
        this.price(valueOf(json, '"a":"', end));
        this.qty(valueOf(json, '"A":"', end));
      } else if (kind === 'trade') {
        const x = valueOf(json, '"X":"', end);
        if (x !== undefined && x !== 'MARKET') return; // not a print the reader emits
        this.price(valueOf(json, '"p":"', end));
        this.qty(valueOf(json, '"q":"', end));
      }
    } else if (json.startsWith('{"channel":"')) {
      this.sawHyperliquid = true;
      if (this.symbol === undefined) {
        const coin = valueOf(json, '"coin":"', 0);
        if (coin !== undefined) this.symbol = coin.toUpperCase();
      }
      this.scanKeyed(json, '"px":"', true);
      this.scanKeyed(json, '"sz":"', false);
    } else if (json.includes('"lastUpdateId"')) {
      if (/"E":\d/.test(json)) this.sawFutures = true;
      this.scanPairs(json, 0);
    }
  }

  result(): Survey {
    let venue: VenueKind | undefined;
    if (this.sawHyperliquid) venue = 'hyperliquid';
    else if (this.sawFutures) venue = this.symbol?.includes('_') ? 'coinm' : 'usdm';
    else if (this.sawSpot) venue = 'spot';
    return { symbol: this.symbol, venue, priceScale: this.priceScale, qtyScale: this.qtyScale };
  }

  /** Depth arrays: in ["price","qty"] a price follows "[" and a size follows ",". */
  private scanPairs(json: string, from: number): void {
    let i = json.indexOf('[["', from);
    while (i >= 0) {
      const q = json.indexOf('"', i + 1);
      if (q < 0) return;
      const close = json.indexOf('"', q + 1);
      if (close < 0) return;
      const prevChar = json.charCodeAt(q - 1);
      if (prevChar === 91 /* [ */) this.price(json.slice(q + 1, close));
      else if (prevChar === 44 /* , */ && json.charCodeAt(q - 2) === 34 /* " */) this.qty(json.slice(q + 1, close));
      i = close;
    }
  }

  private scanKeyed(json: string, key: string, isPrice: boolean): void {
    let i = json.indexOf(key);
    while (i >= 0) {
      const start = i + key.length;
      const end = json.indexOf('"', start);
      if (end < 0) return;
      const v = json.slice(start, end);
      if (isPrice) this.price(v);
      else this.qty(v);
      i = json.indexOf(key, end);
    }
  }

  private price(text: string | undefined): void {
    if (text === undefined) return;
    const s = decimalPlaces(text);
    if (s > this.priceScale) this.priceScale = s;
  }

  private qty(text: string | undefined): void {
    if (text === undefined) return;
    const s = decimalPlaces(text);
    if (s > this.qtyScale) this.qtyScale = s;
  }
}

function valueOf(json: string, key: string, from: number): string | undefined {
  const i = json.indexOf(key, from);
  if (i < 0) return undefined;
  const start = i + key.length;
  const end = json.indexOf('"', start);
  return end < 0 ? undefined : json.slice(start, end);
}

/**
 * Decimal places a number needs once trailing zeros are dropped: 2 for "61837.63000000",
 * 0 for "1001". -1 for zero (a zero says nothing about the grid) and for text that is not a
 * plain decimal (the reader reports that one with its line).
 */
export function decimalPlaces(text: string): number {
  let dot = -1;
  let lastNonZero = -1;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 46) {
      if (dot >= 0) return -1;
      dot = i;
    } else if (c >= 49 && c <= 57) lastNonZero = i;
    else if (c !== 48) return -1;
  }
  if (lastNonZero < 0) return -1;
  return dot < 0 || lastNonZero < dot ? 0 : lastNonZero - dot;
}

/** "0.01" for 2, "1" for 0. */
export function stepForScale(scale: number): string {
  return scale <= 0 ? '1' : `0.${'0'.repeat(scale - 1)}1`;
}
