import type { MessageData, RawFinding } from '../types';

export type { RawFinding };

export interface SyntaxFindingSink {
  readonly findings: RawFinding[];
}

export function syntaxFinding(
  ruleId: string,
  messageId: string,
  offset: number,
  length: number,
  data: MessageData = {},
  root = 0,
): RawFinding {
  return { ruleId, messageId, offset, length, data, root };
}
