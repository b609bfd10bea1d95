/** The cases of bench/engine-multi.ts: the parts (Binance files under binance/) and whose strategy it is. */
export interface MultiCase {
  id: string;
  name: string;
  /** Each part's files, oldest first; the first part is the strategy's instrument. */
  parts: string[][];
  /** The maker called for every part (markets 'all') rather than the first alone. */
  both: boolean;
}

const PERP = ['usdm/btcusdt_20240808.gz'];
const SPOT = ['spot/btcusdt_20240808.gz', 'spot/btcusdt_20240809.gz'];

export const MULTI_CASES: MultiCase[] = [
  { id: 'one', name: 'one instrument: USD-M BTCUSDT, market maker', parts: [PERP], both: false },
  { id: 'two-first', name: 'two instruments: USD-M + spot BTCUSDT, market maker on the first', parts: [PERP, SPOT], both: false },
  { id: 'two-both', name: "two instruments: USD-M + spot BTCUSDT, markets 'all' (called for both)", parts: [PERP, SPOT], both: true },
];
