import { defineConfig } from 'vitest/config'

// Lets `vitest run` work from this package alone (the repository root config lists projects
// relative to the repository root).
export default defineConfig({
  test: {
    name: 'release-rules',
    include: ['test/**/*.test.ts'],
  },
})
