import { ExportButton, exportHref, paths } from '../../components/export-button.tsx'

/** The program's freeze windows exported to the tools that enforce them (served by the gateway, production tier by default). */
export function FreezeExports({ programKey }: { programKey: string }) {
  return (
    <section className="ry-card" aria-labelledby="freeze-exports-title" data-testid="program-exports">
      <h2 id="freeze-exports-title" className="font-heading-md">
        Export freeze windows
      </h2>
      <p className="ry-muted">For the production tier, generated from the latest strategy.</p>
      <ul className="usa-list">
        <li>
          <ExportButton href={exportHref(paths.gitlab(programKey))} testId="export-gitlab">
            GitLab freeze periods (JSON)
          </ExportButton>
        </li>
        <li>
          <ExportButton href={exportHref(paths.argocd(programKey))} testId="export-argocd">
            Argo CD sync windows (YAML)
          </ExportButton>
        </li>
      </ul>
    </section>
  )
}
