/**
 * The heavy part of what-if, loaded when a scenario is first opened (its own chunk): the preview
 * rules (the alignment check, cycles, freezes, bookings, critical path) and applying a scenario
 * (the release editor's input conversion and the mutations). The roadmap loads without it.
 */
export { previewScenario } from '@railyard/release-rules/what-if'
export { applyMutations } from './what-if-apply.ts'
