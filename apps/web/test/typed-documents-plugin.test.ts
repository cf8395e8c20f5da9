import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { transformSync, types } from '@babel/core'
import { parse, print } from 'graphql'
import { afterAll, describe, expect, it } from 'vitest'
import typedDocumentsPlugin, { readTypedDocuments, typedDocumentExport } from '../build/typed-documents-plugin.ts'

const QUERY = `
  query Thing($id: ID!) {
    release(id: $id) {
      ...ThingFields
    }
  }
`
const FRAGMENT = `
  fragment ThingFields on Release {
    id
    name
  }
`
/** What codegen writes for QUERY: the operation, then the fragments it spreads. */
const thingDocument = parse(`${QUERY}\n${FRAGMENT}`, { noLocation: true })
const fragmentDocument = parse(FRAGMENT, { noLocation: true })

const dir = mkdtempSync(join(tmpdir(), 'typed-documents-'))
const line = (name: string, doc: unknown, type: string) => `export const ${name} = ${JSON.stringify(doc)} as unknown as DocumentNode<${type}>;`
writeFileSync(
  join(dir, 'graphql.ts'),
  [
    "import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';",
    'export type ThingQuery = { release?: { id: string; name: string } | null };',
    line('ThingFieldsFragmentDoc', fragmentDocument, 'ThingFieldsFragment, unknown'),
    line('ThingDocument', thingDocument, 'ThingQuery, ThingQueryVariables'),
  ].join('\n'),
)
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const run = (code: string) =>
  transformSync(code, {
    filename: '/app/src/pages/thing/thing-page.tsx',
    babelrc: false,
    configFile: false,
    ast: true,
    parserOpts: { plugins: ['typescript', 'jsx'] },
    plugins: [[typedDocumentsPlugin, { artifactDirectory: dir }]],
  })
const transform = (code: string) => run(code)?.code ?? ''

/** The value of a literal expression (objects, arrays, strings, numbers, booleans, null). */
function valueOf(node: types.Node | null | undefined): unknown {
  if (!node) return undefined
  if (types.isObjectExpression(node))
    return Object.fromEntries(
      node.properties.map((p) => {
        if (!types.isObjectProperty(p)) throw new Error(`unexpected ${p.type}`)
        const key = types.isIdentifier(p.key) ? p.key.name : types.isStringLiteral(p.key) ? p.key.value : String(valueOf(p.key))
        return [key, valueOf(p.value)]
      }),
    )
  if (types.isArrayExpression(node)) return node.elements.map((e) => valueOf(e))
  if (types.isStringLiteral(node) || types.isNumericLiteral(node) || types.isBooleanLiteral(node)) return node.value
  if (types.isNullLiteral(node)) return null
  throw new Error(`unexpected ${node.type}`)
}

/** The literal the call assigned to `name` became. */
function inlined(code: string, name: string): unknown {
  const program = run(code)?.ast?.program
  for (const stmt of program?.body ?? []) {
    const decl = types.isExportNamedDeclaration(stmt) ? stmt.declaration : stmt
    if (!types.isVariableDeclaration(decl)) continue
    for (const d of decl.declarations) if (types.isIdentifier(d.id, { name })) return valueOf(d.init)
  }
  throw new Error(`no ${name} in the output`)
}

describe('the build’s typed-documents plugin', () => {
  it('replaces each graphql() call with its generated document, fragments included, and drops the graphql import', () => {
    const source = [
      "import { graphql } from '../../gql/index.ts'",
      "import type { ThingQuery } from '../../gql/graphql.ts'",
      `graphql(\`${FRAGMENT}\`)`,
      `export const ThingDocument = graphql(\`${QUERY}\`)`,
      'export type Thing = ThingQuery',
    ].join('\n')
    const out = transform(source)
    expect(out).not.toContain('graphql(')
    expect(out).not.toContain('gql/index')
    expect(out).not.toContain('fragment ThingFields')
    const doc = inlined(source, 'ThingDocument')
    expect(doc).toEqual(thingDocument)
    expect(print(doc as typeof thingDocument)).toContain('...ThingFields')
  })

  it('fails the build when a document differs from the generated one (codegen not run)', () => {
    const changed = QUERY.replace('...ThingFields', '...ThingFields\n      version')
    expect(() => transform(["import { graphql } from '../../gql/index.ts'", `export const ThingDocument = graphql(\`${changed}\`)`].join('\n'))).toThrow(
      /ThingDocument in src\/gql\/graphql\.ts is missing or out of date: run pnpm --filter @railyard\/web codegen/,
    )
  })

  it('leaves a graphql() that is not the client preset’s alone', () => {
    const code = ["import { graphql } from 'some-other-library'", 'export const X = graphql(`query X { viewer { subject } }`)'].join('\n')
    expect(transform(code)).toContain('graphql(`query X')
  })

  it('names the export codegen writes for operations and fragments', () => {
    expect(typedDocumentExport(QUERY)).toBe('ThingDocument')
    expect(typedDocumentExport(FRAGMENT)).toBe('ThingFieldsFragmentDoc')
    expect(() => typedDocumentExport('{ viewer { subject } }')).toThrow(/named operation/)
  })

  it('reads every document of the real generated src/gql/graphql.ts', () => {
    const generated = readFileSync(new URL('../src/gql/graphql.ts', import.meta.url), 'utf8')
    const exported = generated.match(/^export const \w+(Document|FragmentDoc) = /gm) ?? []
    const docs = readTypedDocuments(generated)
    expect(exported.length).toBeGreaterThan(10)
    expect(docs.size).toBe(exported.length)
    for (const doc of docs.values()) expect(doc.kind).toBe('Document')
  })
})
