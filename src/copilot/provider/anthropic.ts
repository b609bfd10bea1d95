import Anthropic from '@anthropic-ai/sdk';
import type { ContentBlockParam, RawMessageStreamEvent } from '@anthropic-ai/sdk/resources/messages';
import type { ModelProvider, ProviderEvent, ProviderRequest } from './types.js';

export interface AnthropicOptions {
  apiKey: string;
  baseURL?: string;
  maxRetries?: number;
  timeoutMs?: number;
  /** false: one JSON response a turn instead of server-sent events (for proxies that buffer). */
  stream?: boolean;
}

type Block = { type: 'text'; text: string } | { type: 'tool_use'; id: string; name: string; json: string; input: unknown } | { type: 'other'; raw: unknown };

/**
 * The Messages API through the official SDK: messages.create with stream: true, the raw
 * server-sent events folded into content blocks here (text deltas are passed on as they come;
 * a tool call's input arrives as JSON fragments and is parsed once its block closes).
 */
export class AnthropicProvider implements ModelProvider {
  readonly name = 'anthropic' as const;
  readonly label: string;
  private readonly client: Anthropic;
  private readonly streaming: boolean;

  constructor(opts: AnthropicOptions) {
    this.streaming = opts.stream ?? true;
    this.client = new Anthropic({ apiKey: opts.apiKey, baseURL: opts.baseURL, maxRetries: opts.maxRetries ?? 2, timeout: opts.timeoutMs ?? 120_000 });
    this.label = `model via ${opts.baseURL ?? 'api.anthropic.com'}`;
  }

  async *turn(req: ProviderRequest): AsyncGenerator<ProviderEvent> {
    if (!this.streaming) {
      yield* this.turnJson(req);
      return;
    }
    const stream = await this.client.messages.create(
      { model: req.model, max_tokens: req.maxTokens, system: req.system, messages: req.messages, tools: req.tools, stream: true },
      { signal: req.signal },
    );
    const blocks: Block[] = [];
    let stopReason = 'end_turn';
    let refusal: { category: string | null; explanation: string | null } | undefined;
    const usage = { input_tokens: 0, output_tokens: 0 };
    for await (const ev of stream as AsyncIterable<RawMessageStreamEvent>) {
      switch (ev.type) {
        case 'message_start':
          usage.input_tokens = ev.message.usage?.input_tokens ?? 0;
          break;
        case 'content_block_start': {
          const cb = ev.content_block;
          if (cb.type === 'text') {
            blocks[ev.index] = { type: 'text', text: cb.text ?? '' };
            if (cb.text) yield { type: 'text', text: cb.text };
          } else if (cb.type === 'tool_use') blocks[ev.index] = { type: 'tool_use', id: cb.id, name: cb.name, json: '', input: cb.input };
          else blocks[ev.index] = { type: 'other', raw: cb };
          break;
        }
        case 'content_block_delta': {
          const b = blocks[ev.index];
          if (ev.delta.type === 'text_delta' && b?.type === 'text') {
            b.text += ev.delta.text;
            yield { type: 'text', text: ev.delta.text };
          } else if (ev.delta.type === 'input_json_delta' && b?.type === 'tool_use') b.json += ev.delta.partial_json;
          break;
        }
        case 'content_block_stop': {
          const b = blocks[ev.index];
          if (b?.type === 'tool_use') {
            b.input = parseToolInput(b.json, b.input);
            yield { type: 'tool_use', id: b.id, name: b.name, input: b.input };
          }
          break;
        }
        case 'message_delta':
          if (ev.delta.stop_reason) stopReason = ev.delta.stop_reason;
          if (ev.delta.stop_details?.type === 'refusal') refusal = { category: ev.delta.stop_details.category, explanation: ev.delta.stop_details.explanation };
          usage.output_tokens = ev.usage?.output_tokens ?? usage.output_tokens;
          break;
        default:
          break;
      }
    }
    const content: ContentBlockParam[] = [];
    for (const b of blocks) {
      if (!b) continue;
      if (b.type === 'text') {
        if (b.text !== '') content.push({ type: 'text', text: b.text });
      } else if (b.type === 'tool_use') content.push({ type: 'tool_use', id: b.id, name: b.name, input: b.input });
    }
    yield { type: 'end', turn: { content, stopReason, usage, ...(refusal || stopReason === 'refusal' ? { refusal: refusal ?? { category: null, explanation: null } } : {}) } };
  }

  private async *turnJson(req: ProviderRequest): AsyncGenerator<ProviderEvent> {
    const msg = await this.client.messages.create({ model: req.model, max_tokens: req.maxTokens, system: req.system, messages: req.messages, tools: req.tools }, { signal: req.signal });
    const content: ContentBlockParam[] = [];
    for (const b of msg.content) {
      if (b.type === 'text') {
        yield { type: 'text', text: b.text };
        content.push({ type: 'text', text: b.text });
      } else if (b.type === 'tool_use') {
        yield { type: 'tool_use', id: b.id, name: b.name, input: b.input };
        content.push({ type: 'tool_use', id: b.id, name: b.name, input: b.input });
      }
    }
    const stopReason = msg.stop_reason ?? 'end_turn';
    const refusal = msg.stop_details?.type === 'refusal' ? { category: msg.stop_details.category, explanation: msg.stop_details.explanation } : undefined;
    yield { type: 'end', turn: { content, stopReason, usage: { input_tokens: msg.usage.input_tokens, output_tokens: msg.usage.output_tokens }, ...(refusal || stopReason === 'refusal' ? { refusal: refusal ?? { category: null, explanation: null } } : {}) } };
  }
}

/** A tool call's streamed JSON; an unparseable one is passed on as text so the tool rejects it with a typed error. */
function parseToolInput(json: string, initial: unknown): unknown {
  if (json.trim() === '') return initial ?? {};
  try {
    return JSON.parse(json);
  } catch {
    return { __unparsed_input: json.slice(0, 200) };
  }
}
