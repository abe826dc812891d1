/**
 * The words "Forge: Test Endpoint" shows for a probe result: one line for the notification
 * and a list of capability lines for the log. Pure.
 */
import type { ProbeResult } from '../model/probe';

export interface CapabilityReport {
  ok: boolean;
  /** One sentence for the notification. */
  headline: string;
  /** "Reachable: yes" etc., in a fixed order, for the log. */
  lines: string[];
}

export function capabilityReport(r: ProbeResult, label: string): CapabilityReport {
  const streaming = r.streaming === true ? 'yes' : r.streaming === false ? 'no (plain replies only)' : 'not tested';
  const tools = r.toolCalls === 'native' ? 'native'
    : r.toolCalls === 'rejected' ? 'rejected by the server (Forge uses its text tool protocol)'
    : r.toolCalls === 'ignored' ? 'accepted but not used by the model'
    : 'not tested';
  const usage = r.usageReported === true ? 'reported by the server' : r.usageReported === false ? 'not reported (Forge estimates it)' : 'not tested';
  const context = r.contextTokens ? `${r.contextTokens} tokens` : 'not reported by the server';
  const lines = [
    `Reachable: ${r.reachable ? 'yes' : 'no'}`,
    `Chat: ${r.chatWorks ? 'works' : 'failed'}`,
    `Latency to first token: ${r.firstTokenMs !== undefined ? `${r.firstTokenMs} ms` : 'not measured'}`,
    `Streaming: ${streaming}`,
    `Tool calls: ${tools}`,
    `Usage reporting: ${usage}`,
    `Context size: ${context}`,
  ];
  if (r.models) lines.push(`Models listed: ${r.models.length}${r.modelListed === false ? ` (${r.model} is not among them)` : ''}`);
  if (r.error) lines.push(`Error: ${r.error.message}`);
  const ok = r.chatWorks && !r.error;
  const headline = ok
    ? `"${label}" works: first token after ${r.firstTokenMs} ms, streaming ${r.streaming ? 'yes' : 'no'}, tool calls ${r.toolCalls === 'native' ? 'yes' : r.toolCalls === 'rejected' ? 'via text protocol' : 'not used'}, usage ${r.usageReported ? 'reported' : 'estimated'}, context ${r.contextTokens ? `${r.contextTokens} tokens` : 'not reported'}.`
    : `"${label}": ${r.error?.message ?? 'the endpoint did not answer a chat request.'}`;
  return { ok, headline, lines };
}
