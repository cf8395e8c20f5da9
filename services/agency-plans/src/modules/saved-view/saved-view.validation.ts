import { z } from 'zod'

/** Longest name of a view (after trimming). */
const VIEW_NAME_MAX = 80
/** Longest query string of a view. */
const VIEW_PARAMETERS_MAX = 2000

const DATE = /^\d{4}-\d{2}-\d{2}$/
const flag = (v: string) => v === '0' || v === '1'
const upTo = (n: number) => (v: string) => v.length > 0 && v.length <= n
/** A comma list (agency codes, tiers, statuses): at most 500 characters, no empty item. */
const list = (v: string) => v.length <= 500 && v.split(',').every((x) => x.trim().length > 0 && x.length <= 60)

/**
 * The roadmap's URL parameters (apps/web/src/pages/roadmap/layout.ts, serializeViewState) and
 * what each may hold. Anything else is refused, so a saved view can only ever restore a roadmap.
 */
const VIEW_PARAMETERS: Readonly<Record<string, (value: string) => boolean>> = {
  zoom: (v) => v === 'quarter' || v === 'month' || v === 'week',
  from: (v) => DATE.test(v),
  to: (v) => DATE.test(v),
  agency: list,
  tier: list,
  status: list,
  cycle: upTo(100),
  q: upTo(200),
  release: upTo(100),
  deps: flag,
  critical: flag,
}

/** Problems of a query string as a view's parameters (empty: fine). */
function viewParameterProblems(query: string): string[] {
  const problems: string[] = []
  const seen = new Set<string>()
  for (const [key, value] of new URLSearchParams(query)) {
    const check = Object.hasOwn(VIEW_PARAMETERS, key) ? VIEW_PARAMETERS[key] : undefined
    if (!check) problems.push(`"${key}" is not a roadmap parameter (known: ${Object.keys(VIEW_PARAMETERS).join(', ')})`)
    else if (seen.has(key)) problems.push(`"${key}" is given twice`)
    else if (!check(value)) problems.push(`"${value}" is not a valid value of "${key}"`)
    seen.add(key)
  }
  return problems
}

/** The query string as stored: without a leading '?', normalised by URLSearchParams. */
const normaliseParameters = (query: string) => new URLSearchParams(query.trim().replace(/^\?/, '')).toString()

const viewName = z.string().trim().min(1, 'Give the view a name').max(VIEW_NAME_MAX, `The name must be at most ${VIEW_NAME_MAX} characters`)

const viewParameters = z
  .string()
  .max(VIEW_PARAMETERS_MAX, `The view's parameters must be at most ${VIEW_PARAMETERS_MAX} characters`)
  .transform(normaliseParameters)
  .superRefine((query, ctx) => {
    for (const message of viewParameterProblems(query)) ctx.addIssue({ code: 'custom', message })
    if (query.length > VIEW_PARAMETERS_MAX) ctx.addIssue({ code: 'custom', message: `The view's parameters must be at most ${VIEW_PARAMETERS_MAX} characters` })
  })

/** saveView's input (programId is checked by the service). */
export const saveViewSchema = z.object({
  programId: z.string(),
  name: viewName,
  parameters: viewParameters,
  shared: z.boolean().nullish(),
})

/** updateView's input: only what is given changes. */
export const updateViewSchema = z.object({
  name: viewName.nullish(),
  parameters: viewParameters.nullish(),
  shared: z.boolean().nullish(),
})
