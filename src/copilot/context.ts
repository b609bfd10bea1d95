import type { Db } from '../store/database.js';
import type { StagedOrder } from '../store/staged-orders.js';
import type { SpUniverse } from './market.js';
import type { ResearchSource } from './research.js';

/** Everything a tool may touch. No signer, no executor: tools can read and stage, nothing more. */
export interface ToolContext {
  db: Db;
  /** The account the conversation is about, when one was named. */
  account?: string;
  universe: SpUniverse;
  research: ResearchSource;
  /** Recorded on staged orders: which provider proposed them. */
  origin: string;
  nowIso(): string;
  /** Told about each order a tool stages, for the chat display. */
  onStaged?(order: StagedOrder): void;
}
