import react from '@vitejs/plugin-react'
import { defineConfig } from 'vite'

/** Where the gateway runs in development (`pnpm dev` at the repo root); RAILYARD_GATEWAY overrides. */
const GATEWAY = process.env.RAILYARD_GATEWAY ?? 'http://localhost:4000'

export default defineConfig({
  root: new URL('.', import.meta.url).pathname,
  plugins: [react()],
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
