import type { ContentBlockParam, MessageParam, ToolResultBlockParam } from '@anthropic-ai/sdk/resources/messages';
import type { StagedOrder } from '../store/staged-orders.js';
import type { ToolContext } from './context.js';
import type { ModelProvider } from './provider/types.js';
import { StreamSanitizer } from './stream-sanitizer.js';
import { runTool, toolSpec, type ToolDef } from './tool-kit.js';
import { stripUnsafe } from './sanitize.js';

/** What a chat pane shows, as it happens. Every text in it is already stripped of escapes. */
export type ChatEvent =
  | { type: 'provider'; name: 'anthropic' | 'offline'; label: string }
  | { type: 'text'; text: string }
  | { type: 'tool_call'; id: string; name: string; input: unknown }
  | { type: 'tool_result'; id: string; name: string; ok: boolean; summary: string }
  | { type: 'staged'; order: StagedOrder }
  | { type: 'refusal'; explanation: string | null }
  | { type: 'error'; message: string; status?: number }
  | { type: 'done'; stopReason: string; steps: number; usage: { input_tokens: number; output_tokens: number } };

export interface AgentConfig {
  provider: ModelProvider;
  tools: ReadonlyMap<string, ToolDef>;
  ctx: ToolContext;
  model: string;
  maxTokens: number;
  system: string;
  /** Model turns per question before the loop gives up (a model stuck calling tools). */
  maxSteps?: number;
  signal?: AbortSignal;
}

/**
 * One question through the tool-use loop: ask the model; while it stops for tool_use, run every
 * tool it called and send the results back; stop on end_turn, refusal, max_tokens, an error or
 * the step limit. The history is extended in place; on an error it is rolled back to where the
 * question began, so the conversation stays valid for the next one.
 */
export async function* runAgent(cfg: AgentConfig, history: MessageParam[], question: string): AsyncGenerator<ChatEvent> {
  const start = history.length;
  const startLast = history[start - 1];
  const startLastContent = startLast ? structuredClone(startLast.content) : undefined;
  appendUser(history, [{ type: 'text', text: question }]);
  const specs = [...cfg.tools.values()].map(toolSpec);
  const staged: StagedOrder[] = [];
  const ctx: ToolContext = { ...cfg.ctx, onStaged: (o) => (staged.push(o), cfg.ctx.onStaged?.(o)) };
  const usage = { input_tokens: 0, output_tokens: 0 };
  const maxSteps = cfg.maxSteps ?? 12;
  yield { type: 'provider', name: cfg.provider.name, label: cfg.provider.label };

  for (let step = 1; step <= maxSteps; step++) {
    const clean = new StreamSanitizer();
    let turn;
    try {
      for await (const ev of cfg.provider.turn({ model: cfg.model, maxTokens: cfg.maxTokens, system: cfg.system, messages: history, tools: specs, signal: cfg.signal })) {
        if (ev.type === 'text') {
          const t = clean.push(ev.text);
          if (t) yield { type: 'text', text: t };
        } else if (ev.type === 'end') turn = ev.turn;
      }
    } catch (err) {
      rollback(history, start, startLast, startLastContent);
      yield { type: 'error', message: stripUnsafe(describeError(err)), status: (err as { status?: number }).status };
      return;
    }
    const tail = clean.flush();
    if (tail) yield { type: 'text', text: tail };
    if (!turn) {
      rollback(history, start, startLast, startLastContent);
      yield { type: 'error', message: 'the response ended without a final message' };
      return;
    }
    usage.input_tokens += turn.usage?.input_tokens ?? 0;
    usage.output_tokens += turn.usage?.output_tokens ?? 0;
    if (turn.content.length > 0) history.push({ role: 'assistant', content: turn.content });

    if (turn.stopReason === 'refusal') {
      // A refused turn is not kept: the next question starts from a clean history.
      rollback(history, start, startLast, startLastContent);
      yield { type: 'refusal', explanation: turn.refusal?.explanation ? stripUnsafe(turn.refusal.explanation) : null };
      yield { type: 'done', stopReason: 'refusal', steps: step, usage };
      return;
    }
    const calls = turn.content.filter((b): b is Extract<ContentBlockParam, { type: 'tool_use' }> => b.type === 'tool_use');
    if (turn.stopReason !== 'tool_use' || calls.length === 0) {
      yield { type: 'done', stopReason: turn.stopReason, steps: step, usage };
      return;
    }
    const results: ToolResultBlockParam[] = [];
    for (const call of calls) {
      yield { type: 'tool_call', id: call.id, name: stripUnsafe(call.name).slice(0, 80), input: call.input };
      const out = await runTool(cfg.tools, ctx, call.name, call.input);
      results.push({ type: 'tool_result', tool_use_id: call.id, content: out.content, ...(out.ok ? {} : { is_error: true }) });
      yield { type: 'tool_result', id: call.id, name: stripUnsafe(call.name).slice(0, 80), ok: out.ok, summary: stripUnsafe(out.content.slice(0, 200)) };
      while (staged.length > 0) yield { type: 'staged', order: staged.shift()! };
    }
    appendUser(history, results);
  }
  yield { type: 'error', message: `stopped after ${maxSteps} model turns without an answer` };
  yield { type: 'done', stopReason: 'step_limit', steps: maxSteps, usage };
}

/** Adds user content, merging into a trailing user message so roles keep alternating. */
function appendUser(history: MessageParam[], blocks: ContentBlockParam[]): void {
  const last = history[history.length - 1];
  if (last?.role === 'user') {
    const prev: ContentBlockParam[] = typeof last.content === 'string' ? [{ type: 'text', text: last.content }] : [...(last.content)];
    last.content = [...prev, ...blocks];
  } else history.push({ role: 'user', content: blocks });
}

function rollback(history: MessageParam[], start: number, last: MessageParam | undefined, lastContent: MessageParam['content'] | undefined): void {
  history.length = start;
  if (last && lastContent !== undefined) last.content = lastContent;
}

function describeError(err: unknown): string {
  const e = err as { status?: number; message?: string; error?: { error?: { type?: string; message?: string } } };
  const inner = e.error?.error;
  if (inner?.type) return `${e.status ? `${e.status} ` : ''}${inner.type}: ${inner.message ?? ''}`.trim();
  return e.message ?? String(err);
}
