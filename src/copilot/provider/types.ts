import type { ContentBlockParam, MessageParam } from '@anthropic-ai/sdk/resources/messages';

export interface ToolSpec {
  name: string;
  description: string;
  input_schema: { type: 'object'; [k: string]: unknown };
}

export interface ProviderRequest {
  model: string;
  maxTokens: number;
  system: string;
  messages: MessageParam[];
  tools: ToolSpec[];
  signal?: AbortSignal;
}

/** What a provider reports while a turn streams, then once at the end. */
export type ProviderEvent =
  | { type: 'text'; text: string }
  | { type: 'tool_use'; id: string; name: string; input: unknown }
  | { type: 'end'; turn: ProviderTurn };

export interface ProviderTurn {
  /** The assistant message to append to the history, as the API wants it back. */
  content: ContentBlockParam[];
  stopReason: string;
  refusal?: { category: string | null; explanation: string | null };
  usage?: { input_tokens: number; output_tokens: number };
}

export interface ModelProvider {
  readonly name: 'anthropic' | 'offline';
  /** Shown with every answer so nobody mistakes the offline provider for a model. */
  readonly label: string;
  turn(req: ProviderRequest): AsyncIterable<ProviderEvent>;
}

export type { ContentBlockParam, MessageParam };
