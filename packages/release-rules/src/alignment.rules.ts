import type { AlignmentInput, AlignmentResult } from './types.ts'
export function checkAlignment(input: AlignmentInput): AlignmentResult { throw new Error('not implemented') }
