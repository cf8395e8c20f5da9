import babel, { defineRolldownBabelPreset } from '@rolldown/plugin-babel'
import react from '@vitejs/plugin-react'
import { defineConfig } from 'vite'
import typedDocumentsPlugin from './build/typed-documents-plugin.ts'

/** Where the gateway runs in development (`pnpm dev` at the repo root); RAILYARD_GATEWAY overrides. */
const GATEWAY = process.env.RAILYARD_GATEWAY ?? 'http://localhost:4000'

/**
 * In the build, each `graphql(`…`)` call is replaced by its document from src/gql/graphql.ts
 * (build/typed-documents-plugin.ts), so a chunk carries only the documents it uses instead of
 * the map of every document in src/gql/gql.ts. The dev server keeps the map (no stale document
 * between an edit and the next codegen run).
 */
const typedDocuments = defineRolldownBabelPreset({
  preset: { plugins: [[typedDocumentsPlugin, { artifactDirectory: new URL('./src/gql', import.meta.url).pathname }]] },
  rolldown: {
    filter: { id: { include: /\/src\/.*\.tsx?$/, exclude: /\/src\/gql\// }, code: /\bgraphql\(`/ },
    configResolvedHook: (config) => config.command === 'build',
  },
})

export default defineConfig({
  root: new URL('.', import.meta.url).pathname,
  plugins: [react(), babel({ presets: [typedDocuments] })],
  server: {
    port: 5173,
    proxy: {
      '/graphql': { target: GATEWAY, changeOrigin: true },
      '/auth': { target: GATEWAY, changeOrigin: true },
      '/calendar': { target: GATEWAY, changeOrigin: true },
      '/exports': { target: GATEWAY, changeOrigin: true },
    },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: true,
    chunkSizeWarningLimit: 1500,
    // the app, and the page the identity provider loads in the hidden silent-renewal iframe
    rolldownOptions: {
      input: {
        main: new URL('./index.html', import.meta.url).pathname,
        'silent-renew': new URL('./silent-renew.html', import.meta.url).pathname,
      },
    },
  },
})
