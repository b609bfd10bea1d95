import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export type Block = { type: 'text'; text: string } | { type: 'tool_use'; id: string; name: string; input: unknown };

export type Reply =
  | { kind: 'message'; content: Block[]; stop_reason: string; stop_details?: { type: 'refusal'; category: string | null; explanation: string | null } | null }
  | { kind: 'http_error'; status: number; type: string; message: string }
  | { kind: 'sse_error'; type: string; message: string; afterText?: string };

export interface Recorded {
  headers: IncomingHttpHeaders;
  body: any;
}

export interface MessagesServer {
  url: string;
  requests: Recorded[];
  close(): Promise<void>;
}

export const text = (t: string): Block => ({ type: 'text', text: t });
export const toolUse = (id: string, name: string, input: unknown): Block => ({ type: 'tool_use', id, name, input });
export const reply = (content: Block[], stop_reason = content.some((b) => b.type === 'tool_use') ? 'tool_use' : 'end_turn'): Reply => ({ kind: 'message', content, stop_reason });

/**
 * A local stand-in for the Messages API: POST /v1/messages answered from a script, as one JSON
 * message or as server-sent events exactly as the API streams them (message_start, content
 * blocks with text and input_json deltas, message_delta with the stop reason, message_stop).
 */
export async function startMessagesServer(script: (req: Recorded, n: number) => Reply): Promise<MessagesServer> {
  const requests: Recorded[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (req.method !== 'POST' || !req.url?.startsWith('/v1/messages')) {
        res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ type: 'error', error: { type: 'not_found_error', message: req.url } }));
        return;
      }
      const rec: Recorded = { headers: req.headers, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) };
      requests.push(rec);
      const r = script(rec, requests.length);
      const model = rec.body.model as string;
      const id = `msg_${requests.length}`;
      if (r.kind === 'http_error') {
        res.writeHead(r.status, { 'content-type': 'application/json', 'retry-after-ms': '5', 'request-id': `req_${requests.length}` });
        res.end(JSON.stringify({ type: 'error', error: { type: r.type, message: r.message } }));
        return;
      }
      if (!rec.body.stream) {
        if (r.kind !== 'message') throw new Error('sse_error needs a streaming request');
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify(message(id, model, r.content, r.stop_reason, r.stop_details ?? null)));
        return;
      }
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
      const send = (event: string, data: unknown) => res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
      send('message_start', { type: 'message_start', message: message(id, model, [], null, null) });
      if (r.kind === 'sse_error') {
        if (r.afterText !== undefined) {
          send('content_block_start', { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '', citations: null } });
          send('content_block_delta', { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: r.afterText } });
        }
        send('error', { type: 'error', error: { type: r.type, message: r.message } });
        res.end();
        return;
      }
      send('ping', { type: 'ping' });
      r.content.forEach((b, index) => {
        if (b.type === 'text') {
          send('content_block_start', { type: 'content_block_start', index, content_block: { type: 'text', text: '', citations: null } });
          for (const piece of pieces(b.text, 7)) send('content_block_delta', { type: 'content_block_delta', index, delta: { type: 'text_delta', text: piece } });
        } else {
          send('content_block_start', { type: 'content_block_start', index, content_block: { type: 'tool_use', id: b.id, name: b.name, input: {}, caller: { type: 'direct' } } });
          for (const piece of pieces(JSON.stringify(b.input), 5)) send('content_block_delta', { type: 'content_block_delta', index, delta: { type: 'input_json_delta', partial_json: piece } });
        }
        send('content_block_stop', { type: 'content_block_stop', index });
      });
      send('message_delta', {
        type: 'message_delta',
        delta: { stop_reason: r.stop_reason, stop_sequence: null, stop_details: r.stop_details ?? null, container: null },
        usage: { output_tokens: 11 },
      });
      send('message_stop', { type: 'message_stop' });
      res.end();
    });
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((ok) => {
        server.closeAllConnections();
        server.close(() => ok());
      }),
  };
}

function pieces(s: string, n: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < s.length; i += n) out.push(s.slice(i, i + n));
  return out.length ? out : [''];
}

function message(id: string, model: string, content: Block[], stop_reason: string | null, stop_details: unknown) {
  return {
    id,
    type: 'message',
    role: 'assistant',
    model,
    content: content.map((b) => (b.type === 'text' ? { ...b, citations: null } : { ...b, caller: { type: 'direct' } })),
    stop_reason,
    stop_sequence: null,
    stop_details,
    container: null,
    diagnostics: null,
    usage: { input_tokens: 42, output_tokens: stop_reason ? 11 : 1, cache_creation_input_tokens: null, cache_read_input_tokens: null, cache_creation: null, server_tool_use: null, service_tier: 'standard', inference_geo: null, output_tokens_details: null, speed: null },
  };
}
