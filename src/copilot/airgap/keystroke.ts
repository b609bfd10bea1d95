import { generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';
import type { StagedOrder } from '../../store/staged-orders.js';
import { approvalMessage, orderFields, type Approval } from './canonical.js';
import { renderDialog } from './dialog.js';

/** One read from the terminal, stamped with the approver's clock when it arrived. */
export interface KeyChunk {
  data: string;
  at: number;
}

export type DialogOutcome =
  | { kind: 'approved'; approval: Approval; ignored: number }
  | { kind: 'cancelled'; reason: 'escape' | 'interrupt' | 'input_closed'; ignored: number };

export interface KeystrokeApprover {
  /** The only thing the executor needs: it can check approvals, never make them. */
  readonly publicKey: KeyObject;
  /**
   * Shows the dialog for a stored order and waits for a deliberate key. Returns a signed
   * approval for exactly that record, or a cancellation.
   */
  confirm(order: StagedOrder, keys: AsyncIterable<KeyChunk>, write: (text: string) => void): Promise<DialogOutcome>;
}

export interface ApproverOptions {
  clock?: () => number;
  /** Keys arriving this soon after the dialog appears are ignored (typed-ahead, held keys). */
  armMs?: number;
  /** How long an approval stays valid. */
  ttlMs?: number;
}

export const DEFAULT_ARM_MS = 700;
export const DEFAULT_TTL_MS = 30_000;

const PASTE_START = '\u001b[200~';
const PASTE_END = '\u001b[201~';
const ESC = '\u001b';
const CTRL_C = '\u0003';

/**
 * The keystroke handler. Its Ed25519 key pair is made here, per process, and the private half
 * never leaves this closure: it is not returned, logged, put in the environment, or passed to
 * anything the model's tools can reach. Each confirmed dialog signs one approval for one order.
 */
export function createKeystrokeApprover(opts: ApproverOptions = {}): KeystrokeApprover {
  const clock = opts.clock ?? Date.now;
  const armMs = opts.armMs ?? DEFAULT_ARM_MS;
  const ttlMs = opts.ttlMs ?? DEFAULT_TTL_MS;
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');

  const mint = (order: StagedOrder): Approval => {
    const issued = clock();
    const claims = { order_id: order.id, fields: orderFields(order), nonce: randomBytes(16).toString('hex'), issued_at: issued, expires_at: issued + ttlMs };
    return { ...claims, signature: sign(null, approvalMessage(claims), privateKey).toString('base64') };
  };

  return {
    publicKey,
    async confirm(order, keys, write) {
      write(renderDialog(order));
      const shownAt = clock();
      let inPaste = false;
      let ignored = 0;
      for await (const chunk of keys) {
        const verdict = classify(chunk, shownAt, armMs, inPaste);
        inPaste = verdict.inPaste;
        if (verdict.action === 'approve') return { kind: 'approved', approval: mint(order), ignored };
        if (verdict.action === 'escape' || verdict.action === 'interrupt') return { kind: 'cancelled', reason: verdict.action, ignored };
        ignored++;
      }
      return { kind: 'cancelled', reason: 'input_closed', ignored };
    },
  };
}

type Action = 'approve' | 'escape' | 'interrupt' | 'ignore';

/**
 * What one terminal read means. Only a single deliberate key counts: a read holding several
 * characters is typed-ahead or pasted text (a paste of "y" inside bracketed-paste markers is
 * ignored too), and anything before the dialog has been up for armMs is ignored. Cancelling
 * is always allowed, even early.
 */
export function classify(chunk: KeyChunk, shownAt: number, armMs: number, inPaste: boolean): { action: Action; inPaste: boolean } {
  let data = chunk.data;
  if (inPaste || data.includes(PASTE_START)) {
    const end = data.lastIndexOf(PASTE_END);
    const start = data.lastIndexOf(PASTE_START);
    return { action: 'ignore', inPaste: end < 0 ? true : start > end };
  }
  if (data.includes(PASTE_END)) return { action: 'ignore', inPaste: false };
  if (data === CTRL_C) return { action: 'interrupt', inPaste: false };
  if (data === ESC) return { action: 'escape', inPaste: false };
  if (chunk.at - shownAt < armMs) return { action: 'ignore', inPaste: false };
  data = data.normalize('NFC');
  if (data === 'y' || data === 'Y') return { action: 'approve', inPaste: false };
  return { action: 'ignore', inPaste: false };
}
