import type { ConfigItem, DriftResult } from './types.ts'
export function computeDrift(baseline: ConfigItem[] | null, report: ConfigItem[] | null): DriftResult { throw new Error('not implemented') }
export function findDuplicateKeys(items: ConfigItem[]): string[] { throw new Error('not implemented') }
