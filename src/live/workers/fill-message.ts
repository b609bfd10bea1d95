import type { DeliveredFill } from '../../engine/kernel/kernel.js';
import { makeInstrument, type Instrument, type InstrumentSpec } from '../../engine/model/instrument.js';
import { InputError } from '../../errors.js';

/**
 * A fill on the fills topic, keyed by account (so one account's fills stay in order in one
 * partition). JSON; bigints as decimal text. `event` is the idempotency key: the lane and the
 * venue's fill sequence, the same however often the fill is sent.
 */
export interface FillMessage {
  v: 1;
  event: string;
  /** The execution lane: group, topic and instrument. */
  stream: string;
  account: string;
  instrument: InstrumentSpec;
  strategy: string;
  seed: number;
  fill: Record<string, string | number>;
}

export function fillMessage(args: { stream: string; account: string; instrument: InstrumentSpec; strategy: string; seed: number; fill: DeliveredFill }): FillMessage {
  const f = args.fill;
  return {
    v: 1,
    event: `${args.stream}#${f.seq}`,
    stream: args.stream,
    account: args.account,
    instrument: args.instrument,
    strategy: args.strategy,
    seed: args.seed,
    fill: {
      seq: f.seq,
      orderId: f.orderId,
      clientId: f.clientId,
      side: f.side,
      price: f.price,
      qty: f.qty,
      liquidity: f.liquidity,
      fee: f.fee,
      notional: f.notional,
      tsVenue: f.tsVenue.toString(),
      tsDelivered: f.tsDelivered.toString(),
      impactTicks: f.impactTicks,
      entryLatencyNs: f.entryLatencyNs.toString(),
      responseLatencyNs: f.responseLatencyNs.toString(),
    },
  };
}

export function parseFillMessage(value: Buffer | null, where: string, offset: string): { msg: FillMessage; instrument: Instrument; fill: DeliveredFill } {
  let msg: FillMessage;
  try {
    msg = JSON.parse((value ?? Buffer.alloc(0)).toString('utf8')) as FillMessage;
    if (msg?.v !== 1 || typeof msg.event !== 'string' || typeof msg.account !== 'string') throw new Error('not a v1 fill message');
  } catch (err) {
    throw new InputError(where, Number(offset), 'value', `not a fill message: ${(err as Error).message}`);
  }
  const f = msg.fill;
  const fill: DeliveredFill = {
    seq: Number(f.seq),
    orderId: Number(f.orderId),
    clientId: String(f.clientId),
    side: f.side as DeliveredFill['side'],
    price: Number(f.price),
    qty: Number(f.qty),
    liquidity: f.liquidity as DeliveredFill['liquidity'],
    fee: String(f.fee),
    notional: String(f.notional),
    tsVenue: BigInt(f.tsVenue),
    tsDelivered: BigInt(f.tsDelivered),
    impactTicks: Number(f.impactTicks),
    entryLatencyNs: BigInt(f.entryLatencyNs),
    responseLatencyNs: BigInt(f.responseLatencyNs),
  };
  return { msg, instrument: makeInstrument(msg.instrument), fill };
}
