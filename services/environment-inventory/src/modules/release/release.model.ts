/** A Release as this subgraph sees it: its key, plus schedule and requirements when @requires provided them. */
export interface ReleaseRef {
  id: string
  schedule?: StageWindowRef[] | null
  requirements?: ConfigRequirementRef[] | null
}

/** A scheduled window as carried in the Release representation. */
export interface StageWindowRef {
  tier: string
  start: string
  end: string
  environment?: { id: string } | null
}

export interface ConfigRequirementRef {
  key: string
  expected: string
}

/** Program and Agency are keys only here. */
export interface EntityRef {
  id: string
}
