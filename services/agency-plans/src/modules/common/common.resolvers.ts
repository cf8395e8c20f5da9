import { scalarResolvers } from '@railyard/graphql-kit'

export const commonResolvers = { ...scalarResolvers }
