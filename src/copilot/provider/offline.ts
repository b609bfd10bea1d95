import type { ContentBlockParam, MessageParam, ToolResultBlockParam } from '@anthropic-ai/sdk/resources/messages';
import type { ModelProvider, ProviderEvent, ProviderRequest } from './types.js';

interface Call {
  name: string;
  input: Record<string, unknown>;
}

interface Plan {
  intent: string;
  calls: Call[];
}

const STOP = new Set(['I', 'A', 'AT', 'MY', 'IS', 'THE', 'OF', 'ON', 'FOR', 'HOW', 'WHAT', 'BUY', 'SELL', 'RSI', 'MACD', 'VAR', 'ME', 'AND', 'TO', 'IN', 'PNL', 'USD']);

function symbolIn(q: string): string | undefined {
  const upper = q.match(/\b[A-Z][A-Z0-9.]{0,5}\b/g)?.find((t) => !STOP.has(t));
  if (upper) return upper;
  const m = /\b(?:price|quote|news|of|on|about|for|backtest|technicals?|is)\s+\$?([a-z]{1,5})\b/i.exec(q);
  return m && !STOP.has(m[1].toUpperCase()) ? m[1].toUpperCase() : undefined;
}

/**
 * Maps the common requests to tools, deterministically. Order matters: a trade request is
 * recognised before anything that merely mentions a symbol.
 */
export function planFor(question: string): Plan {
  const q = question.trim();
  const trade = /\b(buy|sell)\s+(\d+(?:\.\d+)?)\s+(?:shares?\s+(?:of\s+)?)?\$?([A-Za-z][A-Za-z0-9.]{0,5})(?:\s+(?:at|@)\s+\$?(\d+(?:\.\d+)?))?/i.exec(q);
  if (trade) {
    const [, side, qty, sym, limit] = trade;
    const input: Record<string, unknown> = { side: side.toLowerCase(), qty, symbol: sym.toUpperCase(), type: limit ? 'limit' : 'market' };
    if (limit) input.limit_price = limit;
    return { intent: 'stage', calls: [{ name: 'stage_order', input }] };
  }
  const cancel = /\bcancel\b.*?#?(\d+)/i.exec(q);
  if (cancel) return { intent: 'cancel', calls: [{ name: 'cancel_staged', input: { id: Number(cancel[1]) } }] };
  if (/\b(staged|pending|open orders?)\b/i.test(q)) return { intent: 'staged', calls: [{ name: 'list_staged', input: {} }] };
  if (/\b(risk|var|volatil\w*|drawdown|beta)\b/i.test(q) && !symbolIn(q.replace(/\b(var|beta)\b/gi, ''))) {
    return { intent: 'risk', calls: [{ name: 'volatility', input: {} }, { name: 'value_at_risk', input: {} }, { name: 'drawdown', input: {} }, { name: 'beta', input: {} }] };
  }
  if (/\b(portfolio|positions?|holdings?|my account|how am i doing)\b/i.test(q)) return { intent: 'portfolio', calls: [{ name: 'account_summary', input: {} }, { name: 'positions', input: {} }] };
  if (/\b(movers|gainers|losers)\b/i.test(q)) return { intent: 'movers', calls: [{ name: 'movers', input: {} }] };
  if (/\bsectors?\b/i.test(q)) return { intent: 'sectors', calls: [{ name: 'sector_performance', input: {} }] };
  const sym = symbolIn(q);
  if (sym && /\bnews\b/i.test(q)) return { intent: 'news', calls: [{ name: 'news', input: { symbol: sym } }] };
  if (sym && /\bbacktest\b/i.test(q)) return { intent: 'backtest', calls: [{ name: 'backtest_sma_cross', input: { symbol: sym } }] };
  if (sym && /\b(rsi|macd|technicals?|signals?|trend)\b/i.test(q)) return { intent: 'technical', calls: [{ name: 'signal_scan', input: { symbol: sym } }] };
  if (sym && /\b(risk|volatil\w*|var|beta|drawdown)\b/i.test(q)) return { intent: 'symbol-risk', calls: [{ name: 'volatility', input: { symbol: sym } }, { name: 'beta', input: { symbol: sym } }] };
  if (sym) return { intent: 'quote', calls: [{ name: 'quote', input: { symbol: sym } }, { name: 'company_profile', input: { symbol: sym } }] };
  return { intent: 'help', calls: [] };
}

const HELP =
  'Offline mode understands a fixed set of requests: "how is my portfolio", "what is my risk", "price of AAPL", "news on AAPL", ' +
  '"technicals for AAPL", "backtest AAPL", "movers", "sector performance", "buy 10 AAPL at 185", "show staged orders", "cancel order 3". ' +
  'Set ANTHROPIC_API_KEY for free-form questions.';

/**
 * The provider used with no API key: no model, no network. It answers a fixed set of requests by
 * calling the same tools a model would and summarising their results with fixed templates, so the
 * same question over the same data always gives the same answer.
 */
export class OfflineProvider implements ModelProvider {
  readonly name = 'offline' as const;
  readonly label = 'offline: no API key, fixed answers from local tools (no model)';

  async *turn(req: ProviderRequest): AsyncGenerator<ProviderEvent> {
    const last = req.messages[req.messages.length - 1];
    const blocks = asBlocks(last);
    const results = blocks.filter((b): b is ToolResultBlockParam => b.type === 'tool_result');
    if (results.length === 0) {
      const question = [...blocks].reverse().find((b): b is Extract<ContentBlockParam, { type: 'text' }> => b.type === 'text')?.text ?? '';
      const plan = planFor(question);
      if (plan.calls.length === 0) {
        yield* speak(HELP);
        return;
      }
      const step = req.messages.length;
      const content: ContentBlockParam[] = plan.calls.map((c, k) => ({ type: 'tool_use', id: `offline_${step}_${k}`, name: c.name, input: c.input }));
      for (const b of content) if (b.type === 'tool_use') yield { type: 'tool_use', id: b.id, name: b.name, input: b.input };
      yield { type: 'end', turn: { content, stopReason: 'tool_use', usage: { input_tokens: 0, output_tokens: 0 } } };
      return;
    }
    const prev = asBlocks(req.messages[req.messages.length - 2]);
    const names = new Map(prev.flatMap((b) => (b.type === 'tool_use' ? [[b.id, b.name] as const] : [])));
    const lines = results.map((r) => summarise(names.get(r.tool_use_id) ?? 'tool', typeof r.content === 'string' ? r.content : JSON.stringify(r.content), r.is_error === true));
    yield* speak(lines.join('\n'));
  }
}

function asBlocks(m: MessageParam | undefined): ContentBlockParam[] {
  if (!m) return [];
  return typeof m.content === 'string' ? [{ type: 'text', text: m.content }] : (m.content as ContentBlockParam[]);
}

async function* speak(text: string): AsyncGenerator<ProviderEvent> {
  // Streamed line by line, as a model would, so a chat pane behaves the same offline.
  for (const piece of text.split(/(?<=\n)/)) yield { type: 'text', text: piece };
  yield { type: 'end', turn: { content: [{ type: 'text', text }], stopReason: 'end_turn', usage: { input_tokens: 0, output_tokens: 0 } } };
}

type J = Record<string, unknown>;
const pct = (x: unknown) => (typeof x === 'number' ? `${(x * 100).toFixed(2)}%` : 'n/a');
const str = (x: unknown): string => (x === null || x === undefined ? 'n/a' : typeof x === 'string' ? x : typeof x === 'number' || typeof x === 'boolean' || typeof x === 'bigint' ? String(x) : (JSON.stringify(x) ?? 'n/a'));

/** One result, one or a few lines, by fixed template. */
export function summarise(name: string, content: string, isError: boolean): string {
  let v: unknown;
  try {
    v = JSON.parse(content);
  } catch {
    v = content;
  }
  if (isError) {
    const e = (v as { error?: { message?: string; hint?: string } }).error;
    return `${name} failed: ${e?.message ?? str(v)}${e?.hint ? ` (${e.hint})` : ''}`;
  }
  const o = v as J;
  switch (name) {
    case 'account_summary': {
      const k = o.kpis as J;
      return `Account ${str(o.name)}: equity ${str(o.equity)} ${str(o.currency)}, cash ${str(o.cash)}, P&L ${str(k?.pnl)}, ${str(o.positions)} position(s), ${str(k?.fills)} fill(s).`;
    }
    case 'positions': {
      const ps = (o.positions as J[]) ?? [];
      if (ps.length === 0) return 'No open positions.';
      return [
        "Positions (marked in the account's own market):",
        ...ps.map((p) => `  ${str(p.symbol)}: ${str(p.qty)} @ ${str(p.price)} (${str(p.as_of)}, ${str(p.source)}) = ${str(p.market_value)} (${pct(p.weight)} of gross), unrealized ${str(p.unrealized)}`),
      ].join('\n');
    }
    case 'volatility':
      return `Volatility of ${str(o.of)}: ${pct(o.annualized)} a year (${pct(o.daily)} a day, ${str(o.days)} days).`;
    case 'value_at_risk':
      return `One-day ${pct(o.level)} VaR of ${str(o.of)}: ${pct(o.var)}${o.var_money ? ` (${str(o.var_money)})` : ''}; CVaR ${pct(o.cvar)}${o.cvar_money ? ` (${str(o.cvar_money)})` : ''}.`;
    case 'drawdown':
      return `Max drawdown of ${str(o.of)}: ${pct(o.max_drawdown)} (peak ${str(o.peak)}, trough ${str(o.trough)}); now ${pct(o.current_drawdown)} below the high.`;
    case 'beta':
      return `Beta of ${str(o.of)} against the equal-weight index: ${str(o.beta)} (correlation ${str(o.correlation)}).`;
    case 'quote':
      return `${str(o.symbol)} closed at ${str(o.close)} on ${str(o.as_of)} (${pct(o.change_pct)} on the day; high ${str(o.high)}, low ${str(o.low)}, volume ${str(o.volume)}).`;
    case 'company_profile':
      return `${str(o.name)} (${str(o.symbol)}), ${str(o.sector)} / ${str(o.sub_industry)}, ${str(o.headquarters)}.`;
    case 'news': {
      const items = Array.isArray(v) ? (v as J[]) : [];
      if (items.length === 0) return 'No news in the fixture.';
      return ['News (third-party text, shown as received):', ...items.map((n) => `  ${str(n.date)} ${str(n.symbol)}: ${str(n.headline)}`)].join('\n');
    }
    case 'signal_scan': {
      const t = o.trend as J;
      const m = o.momentum as J;
      const b = o.bands as J;
      return `${str(o.symbol)} on ${str(o.as_of)}: ${str(t?.label)}; momentum ${str(m?.label)} (RSI ${str(m?.rsi)}); ${str(b?.label)}.`;
    }
    case 'backtest_sma_cross':
      return `${str(o.symbol)} SMA cross ${str(o.from)}..${str(o.to)}: ${pct(o.strategy_return)} vs buy-and-hold ${pct(o.buy_and_hold_return)}, ${str(o.trades)} trades, max drawdown ${pct(o.max_drawdown)}.`;
    case 'movers': {
      const g = (o.gainers as J[]) ?? [];
      const l = (o.losers as J[]) ?? [];
      return `Top gainers: ${g.map((r) => `${str(r.symbol)} ${pct(r.return)}`).join(', ')}. Top losers: ${l.map((r) => `${str(r.symbol)} ${pct(r.return)}`).join(', ')}.`;
    }
    case 'sector_performance':
      return ['Sector average returns:', ...((Array.isArray(v) ? v : []) as J[]).map((r) => `  ${str(r.sector)}: ${pct(r.avg_return)}`)].join('\n');
    case 'stage_order': {
      const s = o.staged as J;
      const where = o.market ? ` It would execute against the ${str(o.market)}.` : ` The account has no ${str(s?.symbol)} market, so approval will be refused until it replays or trades ${str(s?.symbol)} live.`;
      return `Staged order #${str(s?.id)}: ${str(s?.side)} ${str(s?.qty)} ${str(s?.symbol)} ${s?.type === 'limit' ? `limit ${str(s?.limit_price)}` : 'at market'} for account ${str(s?.account)}. It has NOT been sent: approve it with \`vtrade approve ${str(s?.id)}\` in a terminal.${where}`;
    }
    case 'list_staged': {
      const rows = Array.isArray(v) ? (v as J[]) : [];
      if (rows.length === 0) return 'No staged orders.';
      return ['Staged orders:', ...rows.map((r) => `  #${str(r.id)} ${str(r.account)} ${str(r.side)} ${str(r.qty)} ${str(r.symbol)} ${str(r.type)}${r.limit_price ? ` ${str(r.limit_price)}` : ''}: ${str(r.status)}`)].join('\n');
    }
    case 'cancel_staged':
      return `Cancelled staged order #${str(o.cancelled)}.`;
    default:
      return `${name}: ${content.slice(0, 400)}`;
  }
}
