// @ts-check
/**
 * React rules for apps/web: eslint-plugin-react-hooks' recommended-latest set (the rules of
 * hooks, exhaustive effect/memo dependencies, and the React Compiler's checks of purity, refs
 * and state updates), every one an error, in the browser's globals.
 */
import { defineConfig } from 'eslint/config'
import reactHooks from 'eslint-plugin-react-hooks'
import globals from 'globals'

const recommended = reactHooks.configs.flat['recommended-latest']

/** @param {string[]} files the React sources */
export const reactConfig = (files) =>
  defineConfig({
    name: 'railyard/react',
    files,
    plugins: recommended.plugins,
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      ...Object.fromEntries(Object.keys(recommended.rules ?? {}).map((rule) => [rule, 'error'])),
      // Only says that the React Compiler would leave a component alone (e.g. one using
      // @tanstack/react-virtual); the client is not built with the compiler.
      'react-hooks/incompatible-library': 'off',
    },
  })
