import { ValueError } from '../model/errors.js';
import type { QueueModel, QueueState } from './models.js';

/**
 * Queue models for L2 data, where only the total size at a price is visible. Every model agrees
 * on trades (a print at our price consumes the queue from the front); they differ on what a
 * size decrease that is not a trade means for the lots ahead of us.
 *
 * The probabilistic models keep the expected position, so `ahead` may hold a fraction of a lot.
 * Fills stay whole lots: a trade fills only the whole lots that printed past our position.
 */

/** Models of an L2 queue, chosen by name. */
export const L2_QUEUE_MODEL_NAMES = ['risk-averse', 'power', 'log'] as const;
export type L2QueueModelName = (typeof L2_QUEUE_MODEL_NAMES)[number];

/** 'fifo' is the exact order-by-order queue of L3 data, kept by the venue itself. */
export const QUEUE_MODEL_NAMES = [...L2_QUEUE_MODEL_NAMES, 'fifo'] as const;
export type QueueModelName = (typeof QUEUE_MODEL_NAMES)[number];

export const DEFAULT_POWER_N = 2;

export interface QueueModelConfig {
  name: QueueModelName;
  /** Exponent of the 'power' model. */
  n?: number;
}

/**
 * Float residue of the fraction arithmetic (e.g. 2.0000000000004 lots ahead) must not cost a
 * whole lot of fill; no real position lies this close below a whole lot.
 */
const LOT_EPSILON = 1e-9;

function enter(levelSize: number): QueueState {
  // Joining a level puts us behind everything visible there.
  return { ahead: Math.max(0, levelSize) };
}

/** A trade at our price eats the queue from the front; what prints past us fills us. */
function onTrade(state: QueueState, qty: number, remaining: number): number {
  if (!(qty > 0) || !(remaining > 0)) return 0;
  const past = Math.floor(qty - state.ahead + LOT_EPSILON);
  state.ahead = Math.max(0, state.ahead - qty);
  return past > 0 ? Math.min(past, remaining) : 0;
}

/** Risk-averse: cancels are always behind us, except that we can never be behind more than the level holds. */
export const riskAverseQueueModel: QueueModel = {
  name: 'risk-averse',
  enter,
  onTrade,
  onLevelChange(state: QueueState, _before: number, after: number): void {
    if (state.ahead > after) state.ahead = Math.max(0, after);
  },
};

/**
 * A probabilistic model: a decrease of d lots is split between ahead and behind in the ratio
 * f(ahead) : f(behind), with behind = before - ahead. An increase joins the back and leaves
 * our position alone.
 */
function probabilistic(name: string, f: (x: number) => number): QueueModel {
  return {
    name,
    enter,
    onTrade,
    onLevelChange(state: QueueState, before: number, after: number): void {
      const d = before - after;
      if (d > 0) {
        const ahead = state.ahead;
        const behind = Math.max(0, before - ahead);
        const fa = f(ahead);
        const weight = fa + f(behind);
        // weight 0: nothing on either side, so nothing to move.
        if (weight > 0) state.ahead = ahead - (d * fa) / weight;
      }
      // Clamp: never negative, never more than the level now holds.
      if (state.ahead > after) state.ahead = after;
      if (!(state.ahead > 0)) state.ahead = 0;
    },
  };
}

/** f(x) = x^n: larger n puts cancels more strongly on the longer side of us. */
export function powerQueueModel(n = DEFAULT_POWER_N): QueueModel {
  if (!Number.isFinite(n) || n <= 0) {
    throw new ValueError('queue.n', `queue.n must be a positive number, got ${String(n)}`);
  }
  return probabilistic('power', (x) => Math.pow(x, n));
}

/** f(x) = log(1 + x): cancels spread more evenly than proportional to the sizes either side. */
export const logQueueModel: QueueModel = probabilistic('log', Math.log1p);

export function makeQueueModel(config: QueueModelConfig): QueueModel {
  switch (config.name) {
    case 'risk-averse':
      return riskAverseQueueModel;
    case 'power':
      return powerQueueModel(config.n ?? DEFAULT_POWER_N);
    case 'log':
      return logQueueModel;
    case 'fifo':
      throw new ValueError('queue.name', 'the fifo queue is exact L3 order tracking done by the venue, not an L2 queue model');
    default:
      throw new ValueError('queue.name', `unknown queue model "${String(config.name)}"; expected one of ${QUEUE_MODEL_NAMES.join(', ')}`);
  }
}
