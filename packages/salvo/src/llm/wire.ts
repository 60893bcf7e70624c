import type { ChatMessage, LlmCallOptions } from './api.ts';

export type CallKind = 'chat' | 'generate';

/** What one chunk (or a whole answer) says. */
export interface Piece {
  /** Output text in it (answer or reasoning); '' for none. */
  readonly text: string;
  /** Whether it carried output (a token chunk): text, reasoning or a tool call. */
  readonly output: boolean;
  readonly outputTokens?: number | undefined;
  readonly inputTokens?: number | undefined;
  readonly finishReason?: string | undefined;
}

/** One API's wire format. */
export interface Wire {
  readonly streamFormat: 'sse' | 'ndjson';
  defaultUrl(kind: CallKind): string;
  body(kind: CallKind, input: CallInput, options: LlmCallOptions, stream: boolean): Record<string, unknown>;
  /** A streamed value as it arrives; undefined for ones that say nothing (OpenAI's [DONE]). */
  chunk(value: unknown): Piece | undefined;
  /** Whether a streamed value is the stream's last. */
  isLast(value: unknown): boolean;
  whole(value: unknown): Piece;
}

export interface CallInput {
  readonly messages?: readonly ChatMessage[];
  readonly prompt?: string;
}

export function record(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
}

export function str(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

export function count(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : undefined;
}
