import { afterEach, describe, expect, it } from 'vitest';
import { AnthropicProvider } from './provider/anthropic.js';
import { reply, startMessagesServer, text, toolUse, type MessagesServer, type Recorded, type Reply } from '../../test/support/messages-server.js';
import { freshDb, lastCsvRow, session } from '../../test/support/copilot-fixtures.js';
import type { ChatEvent } from './agent.js';
import { ALL_TOOLS } from './tools/index.js';
import { MAX_TOOL_RESULT_CHARS } from './tool-kit.js';

let server: MessagesServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function drive(script: (req: Recorded, n: number) => Reply, question: string, opts: { stream?: boolean; maxRetries?: number; maxSteps?: number } = {}) {
  server = await startMessagesServer(script);
  const { db } = freshDb();
  const provider = new AnthropicProvider({ apiKey: 'sk-test-123', baseURL: server.url, maxRetries: opts.maxRetries ?? 0, stream: opts.stream });
  const s = session(provider, db, undefined, 'alice', opts.maxSteps);
  const events: ChatEvent[] = [];
  for await (const ev of s.ask(question)) events.push(ev);
  return { events, requests: server.requests, history: s.history, db, s };
}

/** The tool_result blocks of the last user message of a request. */
const toolResults = (r: Recorded): any[] => (r.body.messages.at(-1).content as any[]).filter((b) => b.type === 'tool_result');
const said = (events: ChatEvent[]) => events.flatMap((e) => (e.type === 'text' ? [e.text] : [])).join('');

describe('the agent on the real SDK against a local Messages API', () => {
  for (const stream of [true, false]) {
    it(`runs a tool loop to end_turn (${stream ? 'SSE streaming' : 'JSON'})`, async () => {
      const aapl = lastCsvRow('AAPL');
      const { events, requests } = await drive((req, n) => {
        if (n === 1) return reply([text('Let me look.'), toolUse('tu_1', 'quote', { symbol: 'AAPL' }), toolUse('tu_2', 'account_summary', {})]);
        if (n === 2) return reply([toolUse('tu_3', 'positions', {})]);
        const quote = JSON.parse(toolResults(server!.requests[1])[0].content);
        return reply([text(`AAPL last closed at ${quote.close}.`)]);
      }, 'how is AAPL doing?', { stream });
      expect(requests).toHaveLength(3);
      const first = requests[0];
      expect(first.headers.authorization).toBe('Bearer sk-test-123');
      expect(first.body.model).toBe('claude-sonnet-5-5');
      expect(first.body.max_tokens).toBe(1024);
      expect(Boolean(first.body.stream)).toBe(stream);
      expect(first.body.tools).toHaveLength(ALL_TOOLS.length);
      expect(first.body.system).toContain('<untrusted>');
      expect(first.body.messages).toEqual([{ role: 'user', content: [{ type: 'text', text: 'how is AAPL doing?' }] }]);
      // Every tool_use is answered, in order, with its own id; the quote is the CSV's last row.
      const r1 = toolResults(requests[1]);
      expect(r1.map((b) => b.tool_use_id)).toEqual(['tu_1', 'tu_2']);
      expect(r1.every((b) => b.is_error === undefined)).toBe(true);
      const q = JSON.parse(r1[0].content);
      expect({ close: q.close, as_of: q.as_of, volume: q.volume }).toEqual({ close: aapl.close, as_of: aapl.date, volume: aapl.volume });
      expect(JSON.parse(r1[1].content).cash).toBe('100000');
      expect(requests[1].body.messages[1].content.map((b: { type: string }) => b.type)).toEqual(['text', 'tool_use', 'tool_use']);
      expect(toolResults(requests[2]).map((b) => b.tool_use_id)).toEqual(['tu_3']);
      expect(said(events)).toBe(`Let me look.AAPL last closed at ${aapl.close}.`);
      expect(events.filter((e) => e.type === 'tool_call').map((e) => (e as { name: string }).name)).toEqual(['quote', 'account_summary', 'positions']);
      expect(events.at(-1)).toMatchObject({ type: 'done', stopReason: 'end_turn', steps: 3 });
    });
  }

  it('returns typed errors the model corrects: bad input, unknown tool', async () => {
    const { events, requests } = await drive((_req, n) => {
      if (n === 1) return reply([toolUse('a', 'rsi', { symbol: 'AAPL', period: 1 }), toolUse('b', 'execute_order', { id: 1 }), toolUse('c', 'quote', { symbol: 'NOPE' })]);
      if (n === 2) return reply([toolUse('d', 'rsi', { symbol: 'AAPL', period: 14 })]);
      return reply([text('done')]);
    }, 'rsi of apple');
    const r = toolResults(requests[1]);
    expect(r.map((b) => b.is_error)).toEqual([true, true, true]);
    expect(JSON.parse(r[0].content).error.code).toBe('invalid_input');
    expect(JSON.parse(r[0].content).error.message).toContain('period');
    expect(JSON.parse(r[1].content).error.code).toBe('unknown_tool');
    expect(JSON.parse(r[2].content).error.code).toBe('not_found');
    const fixed = JSON.parse(toolResults(requests[2])[0].content);
    expect(fixed.rsi).toBeGreaterThan(0);
    expect(fixed.rsi).toBeLessThan(100);
    expect(events.at(-1)).toMatchObject({ type: 'done', stopReason: 'end_turn' });
  });

  it('reports an API error as an event and rolls the history back', async () => {
    const { events, history } = await drive(() => ({ kind: 'http_error', status: 400, type: 'invalid_request_error', message: 'max_tokens: too large' }), 'hello');
    const err = events.find((e) => e.type === 'error') as { message: string; status?: number };
    expect(err.status).toBe(400);
    expect(err.message).toContain('invalid_request_error');
    expect(history).toEqual([]);
  });

  it('retries an overloaded API through the SDK, then answers', async () => {
    const { events, requests } = await drive((_r, n) => (n === 1 ? { kind: 'http_error', status: 529, type: 'overloaded_error', message: 'Overloaded' } : reply([text('ok')])), 'hi', { maxRetries: 1 });
    expect(requests).toHaveLength(2);
    expect(said(events)).toBe('ok');
  });

  it('surfaces an error event inside the stream', async () => {
    const { events, history } = await drive(() => ({ kind: 'sse_error', type: 'overloaded_error', message: 'Overloaded', afterText: 'partial ' }), 'hi');
    expect(said(events)).toBe('partial ');
    expect(events.at(-1)).toMatchObject({ type: 'error' });
    expect((events.at(-1) as { message: string }).message).toContain('Overloaded');
    expect(history).toEqual([]);
  });

  it('handles a refusal: reported, not kept in the history', async () => {
    const { events, history } = await drive(
      () => ({ kind: 'message', content: [text('I can')], stop_reason: 'refusal', stop_details: { type: 'refusal', category: 'general_harms', explanation: 'Declined.' } }),
      'something bad',
    );
    expect(events).toContainEqual({ type: 'refusal', explanation: 'Declined.' });
    expect(events.at(-1)).toMatchObject({ type: 'done', stopReason: 'refusal' });
    expect(history).toEqual([]);
  });

  it('cuts a long tool result to the limit and says so', async () => {
    const { requests } = await drive((_r, n) => (n === 1 ? reply([toolUse('t', 'bars', { symbol: 'AAPL', limit: 300 })]) : reply([text('ok')])), 'all the bars');
    const content = toolResults(requests[1])[0].content as string;
    const parsed = JSON.parse(content);
    expect(parsed.truncated).toBe(true);
    expect(parsed.total_chars).toBeGreaterThan(MAX_TOOL_RESULT_CHARS);
    expect(parsed.partial.length).toBe(MAX_TOOL_RESULT_CHARS);
  });

  it('streams long text in many deltas and strips escapes split across them', async () => {
    const long = 'x'.repeat(5000);
    const { events } = await drive(() => reply([text(`${long}\u001b[2J\u001b]0;pwned\u0007\u202eend`)]), 'long');
    const textEvents = events.filter((e) => e.type === 'text');
    expect(textEvents.length).toBeGreaterThan(100);
    expect(said(events)).toBe(`${long}end`);
  });

  it('stops a model that keeps calling tools at the step limit', async () => {
    const { events, requests } = await drive((_r, n) => reply([toolUse(`t${n}`, 'market_status', {})]), 'loop', { maxSteps: 4 });
    expect(requests).toHaveLength(4);
    expect(events.at(-1)).toMatchObject({ type: 'done', stopReason: 'step_limit' });
  });

  it('keeps the conversation across questions', async () => {
    server = await startMessagesServer((_r, n) => reply([text(`answer ${n}`)]));
    const { db } = freshDb();
    const s = session(new AnthropicProvider({ apiKey: 'k', baseURL: server.url, maxRetries: 0 }), db);
    for await (const _ of s.ask('one'));
    for await (const _ of s.ask('two'));
    expect(server.requests[1].body.messages.map((m: { role: string }) => m.role)).toEqual(['user', 'assistant', 'user']);
  });
});
