import { ChatSession } from '../copilot/session.js';
import { copilotSettings } from '../copilot/settings.js';
import { SpUniverse } from '../copilot/market.js';
import { loadResearchFixture } from '../copilot/research.js';
import { AnthropicProvider } from '../copilot/provider/anthropic.js';
import { OfflineProvider } from '../copilot/provider/offline.js';
import { copilotGameTap } from '../copilot/game-tap.js';
import { findAccount } from '../store/accounts.js';
import type { Db } from '../store/database.js';
import { listStagedOrders } from '../store/staged-orders.js';
import type { CopilotSource } from './components/copilot-pane.js';

/**
 * The copilot for the account a replay trades, with the same settings as `vtrade copilot` (the
 * environment and the config; the offline provider without an API key). It can only stage.
 * Questions and staged orders count in the account's game, as on the command line.
 */
export function dbCopilotSource(db: Db, accountName: string, chat?: ChatSession): CopilotSource {
  const account = findAccount(db, accountName);
  let session = chat;
  if (!session) {
    const s = copilotSettings({});
    const provider = s.apiKey ? new AnthropicProvider({ apiKey: s.apiKey, baseURL: s.baseURL }) : new OfflineProvider();
    session = new ChatSession({ provider, db, universe: new SpUniverse(s.sp500Dir), research: loadResearchFixture(s.researchDir), account: account.name, model: s.model, maxTokens: s.maxTokens });
  }
  // The screen is Ink's: a warning goes through the console, which Ink prints above the frame.
  session.tap(copilotGameTap(db, account, { warn: (m) => console.error(m) }));
  return { chat: session, staged: () => listStagedOrders(db, { accountId: account.id, status: 'staged' }) };
}
