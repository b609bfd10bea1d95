import type { Decimal } from 'decimal.js';
import type { Account, Marks } from './account.js';

/** Beyond this many digits a term is left to decimal.js (which rounds at 80 significant digits). */
const TOO_LONG = 10n ** 70n;

/** Decimal text as a whole number of 10^-scale units (exact: the text is the value's own digits). */
function scaled(d: Decimal, scale: number): bigint {
  const text = d.toFixed();
  const dot = text.indexOf('.');
  const digits = dot < 0 ? text : text.slice(0, dot) + text.slice(dot + 1);
  const places = dot < 0 ? 0 : text.length - dot - 1;
  return BigInt(digits) * 10n ** BigInt(scale - places);
}

/**
 * The account's equity (cash plus every position at its mark, a position without one counting
 * nothing) as exact decimal text: the text of `account.equity(marks).toFixed()`, byte for byte.
 *
 * A run samples equity every second of data time, and a market maker holds a position nearly
 * always, so most samples meet a new mark: in decimal.js each cost five operations and a
 * conversion to text (about a tenth of a touch-joining maker's run). Here the cash and each
 * instrument's value of one lot at one tick are whole numbers of one common small unit
 * (10^-scale, scale their most decimal places), worked out again only when the cash changes (a
 * fill), so a sample is lots x mark x unit + cash in BigInt and one conversion to text. Terms too
 * long for decimal.js to hold exactly are handed to it, so the text is always its text.
 */
export class EquityText {
  /** Each instrument's one lot at one tick, in units of 10^-scale. */
  private readonly units: bigint[];
  private readonly unitPlaces: number[];
  private scale = 0;
  private cashSeen: Decimal | undefined;
  private cash = 0n;
  /** The last sample of an account of one instrument: reused while its cash, lots and mark stay. */
  private lastLots = 0;
  private lastMark: number | undefined;
  private lastText: string | undefined;

  constructor(private readonly account: Account) {
    this.unitPlaces = account.holdings.map((h) => h.unit.decimalPlaces());
    this.units = account.holdings.map(() => 0n);
  }

  text(marks: Marks): string {
    const account = this.account;
    const hs = account.holdings;
    if (account.cash !== this.cashSeen) this.takeCash(account.cash);
    else if (typeof marks !== 'object' && this.lastText !== undefined) {
      // One instrument: the same lots at the same mark (or none held) give the same text.
      const lots = hs[0].lots;
      if (lots === this.lastLots && (lots === 0 || marks === this.lastMark)) return this.lastText;
    }
    if (this.cash >= TOO_LONG || -this.cash >= TOO_LONG) return this.decimalText(marks);
    let v = this.cash;
    for (let i = 0; i < hs.length; i++) {
      const m = typeof marks === 'object' ? marks[i] : i === 0 ? marks : undefined;
      const lots = hs[i].lots;
      if (m === undefined || lots === 0) continue;
      if (!Number.isSafeInteger(m) || !Number.isSafeInteger(lots)) return this.decimalText(marks);
      const term = BigInt(lots) * BigInt(m) * this.units[i];
      if (term >= TOO_LONG || -term >= TOO_LONG) return this.decimalText(marks);
      v += term;
    }
    const text = toText(v, this.scale);
    if (typeof marks !== 'object') {
      this.lastLots = hs[0].lots;
      this.lastMark = marks;
      this.lastText = text;
    }
    return text;
  }

  private takeCash(cash: Decimal): void {
    this.cashSeen = cash;
    this.lastText = undefined;
    let scale = cash.decimalPlaces();
    for (const p of this.unitPlaces) if (p > scale) scale = p;
    this.scale = scale;
    this.cash = scaled(cash, scale);
    const hs = this.account.holdings;
    for (let i = 0; i < hs.length; i++) this.units[i] = scaled(hs[i].unit, scale);
  }

  private decimalText(marks: Marks): string {
    this.lastText = undefined;
    return this.account.equity(marks).toFixed();
  }
}

/** A whole number of 10^-scale units as decimal.js writes it: no trailing zeros, no sign on zero. */
function toText(v: bigint, scale: number): string {
  const neg = v < 0n;
  let s = (neg ? -v : v).toString();
  if (scale > 0) {
    if (s.length <= scale) s = '0'.repeat(scale - s.length + 1) + s;
    const cut = s.length - scale;
    let end = s.length;
    while (end > cut && s.charCodeAt(end - 1) === 48 /* 0 */) end--;
    s = end > cut ? s.slice(0, cut) + '.' + s.slice(cut, end) : s.slice(0, cut);
  }
  return neg ? '-' + s : s;
}
