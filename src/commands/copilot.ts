import { Command } from 'commander';
import { outputFormat, renderCsv, renderTable, writeJson } from '../cli-support/output.js';
import { CheckFailedError, UsageError } from '../errors.js';
import { findAccount } from '../store/accounts.js';
import { getStagedOrder, listStagedOrders, type StagedStatus } from '../store/staged-orders.js';
import { ChatSession } from '../copilot/session.js';
import { copilotSettings, type CopilotFlags } from '../copilot/settings.js';
import { SpUniverse } from '../copilot/market.js';
import { loadResearchFixture } from '../copilot/research.js';
import { AnthropicProvider } from '../copilot/provider/anthropic.js';
import { OfflineProvider } from '../copilot/provider/offline.js';
import type { ModelProvider } from '../copilot/provider/types.js';
import { createKeystrokeApprover } from '../copilot/airgap/keystroke.js';
import { ApprovalRejected, Executor } from '../copilot/airgap/executor.js';
import { terminalKeys } from '../copilot/airgap/terminal.js';
import { dbMarkets, noMarketMessage } from '../services/staged-fill.js';
import { ingestAfterRun } from '../services/game-ingest.js';
import { stripUnsafe } from '../copilot/sanitize.js';
import { addSummary, copilotGameTap, noProgress, recordCopilotOrders } from '../copilot/game-tap.js';
import { openDbFromFlags, withDbOption } from './db-option.js';
import { summaryLines } from './game-view.js';

type CopilotCliFlags = CopilotFlags & { db?: string; account?: string; json?: boolean; maxSteps?: string };

function copilotCommand(): Command {
  return withDbOption(new Command('copilot'))
    .description('ask the analyst about your paper accounts and the market; it can stage orders, never execute them')
    .argument('<question>', 'what to ask, in quotes')
    .option('--account <name>', 'the paper account the question is about')
    .option('--model <id>', 'model (default: VTRADE_COPILOT_MODEL, config copilot.model, or claude-sonnet-5-5)')
    .option('--max-tokens <n>', 'output token budget per model turn (default: VTRADE_COPILOT_MAX_TOKENS, config, or 2048)')
    .option('--api-key <key>', 'API key (default: ANTHROPIC_API_KEY or config copilot.apiKey); without one the offline provider answers')
    .option('--base-url <url>', 'API base URL (default: ANTHROPIC_BASE_URL or config copilot.baseURL)')
    .option('--offline', 'use the offline provider even when a key is set')
    .option('--sp500 <dir>', 'S&P daily data folder (default: VTRADE_SP500_DIR, or sp500 in VTRADE_DATA_DIR)')
    .option('--research <dir>', 'news and profiles fixture folder (default: fixtures/copilot)')
    .option('--json', 'print every chat event as one JSON line')
    .addHelpText(
      'after',
      `
Without an API key the answers come from a fixed offline provider (labelled so); it understands
"how is my portfolio", "what is my risk", "price of AAPL", "buy 10 AAPL at 185" and a few more.
Staged orders run only after: vtrade approve <id>
With --account, questions, staged and approved orders count in the game (docs/game.md).

Examples:
  $ vtrade copilot "how is my portfolio" --account alice
  $ vtrade copilot "buy 10 AAPL at 185" --account alice
  $ ANTHROPIC_API_KEY=... vtrade copilot "which of my holdings adds the most risk?" --account alice`,
    )
    .action(async (question: string, flags: CopilotCliFlags) => {
      const s = copilotSettings(flags);
      const db = openDbFromFlags(flags);
      const account = flags.account !== undefined ? findAccount(db, flags.account) : undefined;
      const universe = new SpUniverse(s.sp500Dir);
      const provider: ModelProvider = s.apiKey ? new AnthropicProvider({ apiKey: s.apiKey, baseURL: s.baseURL }) : new OfflineProvider();
      const asOf = universe.has('AAPL') ? (await universe.lastClose('AAPL')).date : undefined;
      const session = new ChatSession({ provider, db, universe, research: loadResearchFixture(s.researchDir), account: flags.account, model: s.model, maxTokens: s.maxTokens, asOf });
      // Copilot use counts in the game (see docs/game.md); a game failure only warns.
      const earned = noProgress();
      session.tap(copilotGameTap(db, account, { onProgress: (g) => addSummary(earned, g) }));
      let failed: string | undefined;
      if (!flags.json && provider.name === 'offline') process.stdout.write(`[${provider.label}]\n`);
      for await (const ev of session.ask(question)) {
        if (flags.json) {
          writeJson(ev);
          if (ev.type === 'error') failed = ev.message;
          continue;
        }
        switch (ev.type) {
          case 'text':
            process.stdout.write(ev.text);
            break;
          case 'tool_call':
            process.stderr.write(`  · ${ev.name}\n`);
            break;
          case 'tool_result':
            if (!ev.ok) process.stderr.write(`  · ${ev.name} failed: ${ev.summary}\n`);
            break;
          case 'staged':
            process.stderr.write(`  staged order #${ev.order.id} (not sent): approve it with  vtrade approve ${ev.order.id}\n`);
            break;
          case 'refusal':
            process.stdout.write(`\n[the model declined to answer${ev.explanation ? `: ${ev.explanation}` : ''}]\n`);
            break;
          case 'error':
            failed = ev.message;
            break;
          case 'done':
            process.stdout.write('\n');
            break;
          default:
            break;
        }
      }
      if (!flags.json && summaryLines(earned)) process.stderr.write(`  game: ${summaryLines(earned)}`);
      if (failed !== undefined) throw new CheckFailedError(`the copilot stopped: ${failed}`, provider.name === 'anthropic' ? 'check the API key, base URL and model; or run with --offline' : undefined);
    });
}

function stagedCommand(): Command {
  return withDbOption(new Command('staged'))
    .description('orders the analyst staged, and what became of them')
    .option('--account <name>', 'only this account')
    .option('--status <s>', 'staged, executed, unfilled or cancelled')
    .option('-o, --output <format>', 'table, json or csv', 'table')
    .option('--json', 'shorthand for -o json')
    .addHelpText('after', '\nExamples:\n  $ vtrade staged --account alice\n  $ vtrade staged --status staged --json')
    .action((flags: { db?: string; account?: string; status?: string; output?: string; json?: boolean }) => {
      const format = outputFormat(flags);
      if (flags.status !== undefined && !['staged', 'executed', 'unfilled', 'cancelled'].includes(flags.status)) {
        throw new UsageError(`--status "${flags.status}" is not a status`, 'use staged, executed, unfilled or cancelled');
      }
      const db = openDbFromFlags(flags);
      const accountId = flags.account !== undefined ? findAccount(db, flags.account).id : undefined;
      const rows = listStagedOrders(db, { accountId, status: flags.status as StagedStatus | undefined });
      if (format === 'json') return writeJson(rows);
      const headers = ['id', 'account', 'side', 'qty', 'symbol', 'type', 'limit', 'tif', 'status', 'fill_price', 'created_at'];
      const cells = rows.map((o) => [String(o.id), o.account, o.side, o.qty, o.symbol, o.order_type, o.limit_price ?? '', o.tif, o.status, o.fill_price ?? '', o.created_at].map((c) => stripUnsafe(c)));
      process.stdout.write(format === 'csv' ? renderCsv(headers, cells) : renderTable(headers, cells, new Set([0, 3, 6, 9])));
    });
}

function approveCommand(): Command {
  return withDbOption(new Command('approve'))
    .description('approve one staged order with a key press in this terminal, and execute it on the paper account')
    .argument('<id>', 'staged order id (see vtrade staged)')
    .addHelpText(
      'after',
      '\nThe dialog shows the stored order. Press y to approve it once, Esc to cancel. Keys typed before the\ndialog settles and pasted text are ignored. There is no way to approve without a terminal.\n\nThe order executes through the engine against the account\'s own market for the symbol: the book\nits latest replay or live run of that symbol ended with. Without one, approval is refused.\n\nExamples:\n  $ vtrade approve 1',
    )
    .action(async (idText: string, flags: { db?: string }) => {
      const id = Number(idText);
      if (!Number.isInteger(id) || id <= 0) throw new UsageError(`"${idText}" is not an order id`, 'see the ids with: vtrade staged');
      if (!process.stdin.isTTY || !process.stdout.isTTY) {
        throw new UsageError('vtrade approve needs a terminal: approval is a key press by a person', 'run it in an interactive terminal');
      }
      const db = openDbFromFlags(flags);
      const order = getStagedOrder(db, id);
      if (!order) throw new UsageError(`no staged order #${id}`, 'see the ids with: vtrade staged');
      if (order.status !== 'staged') throw new UsageError(`order #${id} is ${order.status}; only staged orders can be approved`);
      const markets = dbMarkets(db);
      if (!markets.market(order.account_id, order.symbol)) throw new UsageError(`order #${id} cannot execute: ${noMarketMessage(order.account, order.symbol)}`);
      const approver = createKeystrokeApprover();
      const executor = new Executor(db, approver.publicKey, markets);
      const term = terminalKeys(process.stdin, process.stdout);
      let outcome;
      try {
        outcome = await approver.confirm(order, term.keys, (t) => process.stdout.write(t));
      } finally {
        term.close();
      }
      if (outcome.ignored > 0) process.stdout.write(`(ignored ${outcome.ignored} early, pasted or other keys)\n`);
      if (outcome.kind === 'cancelled') {
        process.stdout.write(`not approved (${outcome.reason}); order #${id} stays staged\n`);
        return;
      }
      let r;
      try {
        r = await executor.execute(id, outcome.approval);
      } catch (err) {
        if (err instanceof ApprovalRejected) throw new CheckFailedError(`order #${id} not executed: ${err.message}`);
        throw err;
      }
      process.stdout.write(
        r.status === 'executed'
          ? `order #${id} executed at ${r.price} against the ${r.book} (run ${r.runId})${r.reason ? `: ${r.reason}` : ''}\n`
          : `order #${id} approved but not filled: ${r.reason}\n`,
      );
      if (r.status === 'executed') {
        await ingestAfterRun(db); // the game takes the fill now, not at the next run
        // The order is booked; the game credits the approval, and only warns if that fails.
        const earned = noProgress();
        recordCopilotOrders(db, order.account_id, { onProgress: (g) => addSummary(earned, g) });
        if (summaryLines(earned)) process.stdout.write(`game: ${summaryLines(earned)}`);
      }
    });
}

/** The analyst's three commands: copilot, staged, approve. */
export function copilotCommands(): Command[] {
  return [copilotCommand(), stagedCommand(), approveCommand()];
}
