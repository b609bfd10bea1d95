import { describe, it, expect } from 'vitest';
import { join } from 'node:path';
import { binanceRoot } from '../../../test/support/binance-recordings.js';
import { makeInstrument } from '../../engine/model/instrument.js';
import { openBinance } from './index.js';

describe('Binance instrument inference', () => {
  // Tick and lot sizes as the exchanges list them (exchangeInfo), for the pairs recorded.
  const cases = [
    ['spot/btcusdt_20240808.gz', 'BTCUSDT', 'binance-spot', 'USDT', '0.01', undefined],
    ['usdm/btcusdt_20240808.gz', 'BTCUSDT', 'binance-usdm', 'USDT', '0.1', '0.001'],
    ['usdm/ethusdt_20240808.gz', 'ETHUSDT', 'binance-usdm', 'USDT', '0.01', '0.001'],
    ['cm/btcusd_perp_20240808.gz', 'BTCUSD_PERP', 'binance-coinm', 'USD', '0.1', '1'],
    ['cm/ethusd_perp_20240808.gz', 'ETHUSD_PERP', 'binance-coinm', 'USD', '0.01', '1'],
    ['usdm_2023-04/btcusdt_20230404.dat.gz', 'BTCUSDT', 'binance-usdm', 'USDT', '0.1', '0.001'],
  ] as const;
  for (const [file, symbol, venue, currency, tick, lot] of cases) {
    it(`${file}: ${symbol} on ${venue}`, async () => {
      const md = await openBinance(join(binanceRoot, file));
      expect(md.format).toBe('binance');
      expect(md.instrument).toMatchObject({ symbol, venue, currency, assetClass: 'crypto', tickSize: tick });
      if (lot !== undefined) expect(md.instrument.lotSize).toBe(lot);
    });
  }

  it('opts.instrument overrides the inference', async () => {
    const inst = makeInstrument({ symbol: 'X', venue: 'v', assetClass: 'crypto', currency: 'USDT', tickSize: '0.001', lotSize: '0.0001' });
    const md = await openBinance(join(binanceRoot, 'usdm_2024-07/btcusdt_20240718.gz'), { instrument: inst });
    expect(md.instrument).toBe(inst);
  });
});
