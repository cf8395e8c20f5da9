/**
 * A Babel plugin for the production build (vite.config.ts): every `graphql(`…`)` call of the
 * client preset is replaced by the document itself, inlined from src/gql/graphql.ts (with the
 * fragments it spreads). Without it, `graphql()` looks documents up at run time in the map of
 * every document of the app (src/gql/gql.ts), so the first chunk carried all of them; with it,
 * each page's chunk holds only its own documents and src/gql is not loaded at all.
 *
 * Like the client preset's `babelOptimizerPlugin`, but inlining rather than importing from
 * graphql.ts: that file is one module, which a bundler puts whole into one shared chunk. A
 * document that differs from the generated one fails the build (run codegen). A fragment written
 * as a bare statement exists for codegen only (documents that spread it carry it) and is removed.
 * Types are unchanged: TypeScript still sees the `graphql()` call and its typed result.
 */
import { readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import type { NodePath, PluginObj, PluginPass, types as BabelTypes } from '@babel/core'
import { Kind, parse, print } from 'graphql'
import type { DocumentNode } from 'graphql'

export interface TypedDocumentsOptions {
  /** the client preset's output folder (src/gql), absolute */
  artifactDirectory: string
}

/** The export of src/gql/graphql.ts that holds the document: `<Operation>Document` or `<Fragment>FragmentDoc`. */
export function typedDocumentExport(source: string): string {
  const [first] = parse(source).definitions
  if (first?.kind === Kind.OPERATION_DEFINITION && first.name) return `${first.name.value}Document`
  if (first?.kind === Kind.FRAGMENT_DEFINITION) return `${first.name.value}FragmentDoc`
  throw new Error('a graphql(`…`) document must start with a named operation or a fragment')
}

const EXPORT_LINE = /^export const (\w+) = (\{"kind":"Document".*\}) as unknown as DocumentNode<.*>;$/

/** The documents of a generated graphql.ts by export name (codegen writes each on one line as JSON). */
export function readTypedDocuments(generated: string): Map<string, DocumentNode> {
  const out = new Map<string, DocumentNode>()
  for (const line of generated.split('\n')) {
    const m = EXPORT_LINE.exec(line)
    if (m?.[1] && m[2]) out.set(m[1], JSON.parse(m[2]) as DocumentNode)
  }
  return out
}

let cache: { file: string; mtimeMs: number; documents: Map<string, DocumentNode> } | null = null

function documentsIn(artifactDirectory: string): Map<string, DocumentNode> {
  const file = join(artifactDirectory, 'graphql.ts')
  const { mtimeMs } = statSync(file)
  if (cache?.file !== file || cache.mtimeMs !== mtimeMs) cache = { file, mtimeMs, documents: readTypedDocuments(readFileSync(file, 'utf8')) }
  return cache.documents
}

const GQL_MODULE = /\/gql(\/index(\.ts)?)?$/

/** Is `graphql` here the client preset's function (imported from …/gql or …/gql/index.ts)? */
function isPresetGraphql(path: NodePath<BabelTypes.CallExpression>, t: typeof BabelTypes): boolean {
  if (!t.isIdentifier(path.node.callee, { name: 'graphql' })) return false
  const binding = path.scope.getBinding('graphql')
  const decl = binding?.path.parentPath
  return binding?.kind === 'module' && !!decl && t.isImportDeclaration(decl.node) && GQL_MODULE.test(decl.node.source.value)
}

export default function typedDocumentsPlugin({ types: t }: { types: typeof BabelTypes }, options: TypedDocumentsOptions): PluginObj<PluginPass> {
  return {
    name: 'railyard-typed-documents',
    visitor: {
      CallExpression(path) {
        if (!isPresetGraphql(path, t)) return
        const [arg] = path.node.arguments
        if (!t.isTemplateLiteral(arg) || arg.expressions.length > 0) throw path.buildCodeFrameError('graphql() takes one template literal without ${…}')
        const source = arg.quasis[0]?.value.cooked ?? ''
        const name = typedDocumentExport(source)
        const doc = documentsIn(options.artifactDirectory).get(name)
        const [written] = parse(source, { noLocation: true }).definitions
        const [generated] = doc?.definitions ?? []
        if (!doc || !written || !generated || print(written) !== print(generated))
          throw path.buildCodeFrameError(`${name} in src/gql/graphql.ts is missing or out of date: run pnpm --filter @railyard/web codegen`)
        if (path.parentPath.isExpressionStatement()) path.parentPath.remove()
        else path.replaceWith(t.valueToNode(doc))
      },
      Program: {
        // the `graphql` import, once nothing calls it any more
        exit(program) {
          program.scope.crawl()
          const binding = program.scope.getBinding('graphql')
          if (!binding || binding.kind !== 'module' || binding.referenced) return
          const decl = binding.path.parentPath
          if (!decl || !t.isImportDeclaration(decl.node) || !GQL_MODULE.test(decl.node.source.value)) return
          if (decl.node.specifiers.length === 1) decl.remove()
          else binding.path.remove()
        },
      },
    },
  }
}
