import { z } from 'zod';
import type { ToolContext } from './context.js';

/** Why a tool call failed, in words the model can act on. */
export type ToolErrorCode = 'invalid_input' | 'unknown_tool' | 'not_found' | 'no_data' | 'not_allowed' | 'internal';

export class ToolError extends Error {
  constructor(
    readonly code: ToolErrorCode,
    message: string,
    /** What to change so the next call works. */
    readonly hint?: string,
  ) {
    super(message);
    this.name = 'ToolError';
  }
}

export type ToolGroup = 'portfolio' | 'risk' | 'market' | 'technical' | 'screening' | 'research' | 'backtest' | 'orders';

export interface ToolDef<S extends z.ZodType = z.ZodType> {
  name: string;
  group: ToolGroup;
  description: string;
  input: S;
  /** A result, or a promise of one. */
  run(ctx: ToolContext, input: z.infer<S>): unknown;
}

/** Keeps the input type of run() tied to the schema. */
export function defineTool<S extends z.ZodType>(def: ToolDef<S>): ToolDef {
  return def;
}

/** What a tool call returns to the agent: the JSON the model sees, and whether it is an error. */
export interface ToolOutcome {
  ok: boolean;
  /** JSON text for the tool_result block. */
  content: string;
  /** The parsed value (or the error), for a UI. */
  value: unknown;
}

/** Tool results longer than this are cut, with a note, so one call cannot flood the context. */
export const MAX_TOOL_RESULT_CHARS = 24_000;

export function toolSpec(def: ToolDef): { name: string; description: string; input_schema: { type: 'object'; [k: string]: unknown } } {
  const schema = z.toJSONSchema(def.input, { target: 'draft-2020-12', io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  delete schema.$schema;
  return { name: def.name, description: def.description, input_schema: { ...schema, type: 'object' } };
}

/**
 * Runs one tool call: validates the input against the tool's schema, runs it, and turns every
 * failure into a typed error result the model can read and correct. Nothing thrown escapes.
 */
export async function runTool(tools: ReadonlyMap<string, ToolDef>, ctx: ToolContext, name: string, rawInput: unknown): Promise<ToolOutcome> {
  const def = tools.get(name);
  if (!def) {
    return failure(new ToolError('unknown_tool', `there is no tool named "${name.slice(0, 80)}"`, 'use one of the tools listed in this conversation'));
  }
  const parsed = def.input.safeParse(rawInput ?? {});
  if (!parsed.success) {
    const issues = parsed.error.issues.slice(0, 8).map((i) => `${i.path.join('.') || '(input)'}: ${i.message}`);
    return failure(new ToolError('invalid_input', `invalid input for ${name}: ${issues.join('; ')}`, 'fix the fields named and call again'));
  }
  try {
    const value = await def.run(ctx, parsed.data);
    let content = JSON.stringify(value ?? null);
    if (content.length > MAX_TOOL_RESULT_CHARS) {
      content = JSON.stringify({ truncated: true, shown_chars: MAX_TOOL_RESULT_CHARS, total_chars: content.length, partial: content.slice(0, MAX_TOOL_RESULT_CHARS) });
    }
    return { ok: true, content, value };
  } catch (err) {
    if (err instanceof ToolError) return failure(err);
    return failure(new ToolError('internal', `${name} failed: ${(err as Error)?.message ?? String(err)}`.slice(0, 500)));
  }
}

function failure(err: ToolError): ToolOutcome {
  const value = { error: { code: err.code, message: err.message, ...(err.hint ? { hint: err.hint } : {}) } };
  return { ok: false, content: JSON.stringify(value), value };
}

// Shared input pieces: one spelling of a symbol, an account and a lookback everywhere.
export const symbolField = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z][A-Z0-9.]{0,9}$/, 'a ticker such as AAPL or BRK.B')
  .describe('ticker symbol, e.g. AAPL');
export const lookbackField = z.number().int().min(5).max(1260).default(252).describe('trading days to look back (5..1260)');
export const accountField = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/)
  .optional()
  .describe('paper account name; defaults to the account this conversation is about');
