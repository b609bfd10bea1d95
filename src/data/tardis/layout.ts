import { InputError } from '../../errors.js';

/** The Tardis.dev CSV data types this reader understands, told apart by their header. */
export type TardisKind = 'incremental_book_L2' | 'trades' | 'book_snapshot' | 'quotes';

export interface TardisLayout {
  kind: TardisKind;
  header: string[];
  /** Column indexes holding prices and amounts (for instrument inference). */
  priceCols: number[];
  amountCols: number[];
  /** book_snapshot_N: the number of levels a side. */
  depth: number;
}

const COMMON = ['exchange', 'symbol', 'timestamp', 'local_timestamp'];

export function tardisLayout(path: string, headerLine: string | undefined): TardisLayout {
  const header = (headerLine ?? '').split(',');
  const ok = COMMON.every((name, i) => header[i] === name);
  const rest = header.slice(4).join(',');
  if (ok && rest === 'is_snapshot,side,price,amount') {
    return { kind: 'incremental_book_L2', header, priceCols: [6], amountCols: [7], depth: 0 };
  }
  if (ok && rest === 'id,side,price,amount') {
    return { kind: 'trades', header, priceCols: [6], amountCols: [7], depth: 0 };
  }
  if (ok && rest === 'ask_amount,ask_price,bid_price,bid_amount') {
    return { kind: 'quotes', header, priceCols: [5, 6], amountCols: [4, 7], depth: 0 };
  }
  if (ok && header.length > 4 && (header.length - 4) % 4 === 0) {
    const depth = (header.length - 4) / 4;
    let valid = true;
    for (let i = 0; i < depth && valid; i++) {
      const at = 4 + 4 * i;
      valid =
        header[at] === `asks[${i}].price` &&
        header[at + 1] === `asks[${i}].amount` &&
        header[at + 2] === `bids[${i}].price` &&
        header[at + 3] === `bids[${i}].amount`;
    }
    if (valid) {
      const priceCols: number[] = [];
      const amountCols: number[] = [];
      for (let c = 4; c < header.length; c += 2) {
        priceCols.push(c);
        amountCols.push(c + 1);
      }
      return { kind: 'book_snapshot', header, priceCols, amountCols, depth };
    }
  }
  throw new InputError(
    path,
    1,
    'header',
    `not a Tardis CSV header this reader knows: "${(headerLine ?? '').slice(0, 100)}"`,
    'supported: incremental_book_L2, trades, book_snapshot_N, quotes',
  );
}
