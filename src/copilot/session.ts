import type { MessageParam } from '@anthropic-ai/sdk/resources/messages';
import type { Db } from '../store/database.js';
import { runAgent, type ChatEvent } from './agent.js';
import type { ToolContext } from './context.js';
import type { SpUniverse } from './market.js';
import type { ModelProvider } from './provider/types.js';
import type { ResearchSource } from './research.js';
import { systemPrompt } from './system-prompt.js';
import { ALL_TOOLS, toolMap } from './tools/index.js';
import type { ToolDef } from './tool-kit.js';

export interface ChatSessionOptions {
  provider: ModelProvider;
  db: Db;
  universe: SpUniverse;
  research: ResearchSource;
  account?: string;
  model: string;
  maxTokens: number;
  maxSteps?: number;
  tools?: readonly ToolDef[];
  /** Data as-of date for the system prompt. */
  asOf?: string;
  nowIso?: () => string;
}

/**
 * Watches a turn as it streams, passing every event on unchanged: how something outside the
 * conversation (the game, crediting copilot use) learns of questions and staged orders.
 */
export type ChatTap = (question: string, events: AsyncGenerator<ChatEvent>) => AsyncGenerator<ChatEvent>;

/**
 * A conversation, independent of any screen: the command line, a TUI pane or a test drive it
 * the same way. `ask` streams ChatEvents (text deltas already stripped of escapes, tool calls
 * and results, staged orders, refusals, errors, done); the history carries over between asks.
 * It can stage orders and nothing more: approval happens elsewhere (see airgap/).
 */
export class ChatSession {
  readonly history: MessageParam[] = [];
  private readonly tools: ReadonlyMap<string, ToolDef>;
  private readonly ctx: ToolContext;
  private readonly taps: ChatTap[] = [];

  constructor(private readonly opts: ChatSessionOptions) {
    this.tools = toolMap(opts.tools ?? ALL_TOOLS);
    this.ctx = {
      db: opts.db,
      account: opts.account,
      universe: opts.universe,
      research: opts.research,
      origin: `copilot:${opts.provider.name}`,
      nowIso: opts.nowIso ?? (() => new Date().toISOString()),
    };
  }

  get provider(): ModelProvider {
    return this.opts.provider;
  }

  /** Adds a tap that sees every later turn. */
  tap(t: ChatTap): this {
    this.taps.push(t);
    return this;
  }

  ask(question: string, signal?: AbortSignal): AsyncGenerator<ChatEvent> {
    let events = runAgent(
      {
        provider: this.opts.provider,
        tools: this.tools,
        ctx: this.ctx,
        model: this.opts.model,
        maxTokens: this.opts.maxTokens,
        maxSteps: this.opts.maxSteps,
        system: systemPrompt({ account: this.opts.account, asOf: this.opts.asOf }),
        signal,
      },
      this.history,
      question,
    );
    for (const t of this.taps) events = t(question, events);
    return events;
  }
}
