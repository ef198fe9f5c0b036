// The status page: one self-contained HTML document (inline CSS and SVG, no script), safe to mail or archive.
// Its Content-Security-Policy forbids every fetch and every script, so nothing it shows can reach the network.
import { serviceCard, type ReportService } from './cards.js';
import { classifyDocument, serviceState, type ServiceState } from './documents.js';
import { html, Html } from './escape.js';
import { STYLES } from './styles.js';

export interface HtmlReport {
  /** When the statuses were read (ISO 8601). */
  readonly generatedAt: string;
  /** The workspace's name, for the title. */
  readonly workspace: string;
  readonly services: readonly ReportService[];
}

const CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";
const ORDER: readonly ServiceState[] = ['error', 'dirty', 'pending', 'up-to-date'];
const LABEL: Record<ServiceState, string> = { error: 'could not report', dirty: 'dirty', pending: 'with pending migrations', 'up-to-date': 'up to date' };

/**
 * The page for `report`: a summary, then a card per service (pending and dirty highlighted, timeline, ER diagram).
 *
 * @example
 * writeFileSync('status.html', renderHtmlReport({ generatedAt: new Date().toISOString(), workspace: 'shop', services }));
 */
export function renderHtmlReport(report: HtmlReport): string {
  const states = report.services.map((service) => serviceState(classifyDocument(service.document)));
  const counts = ORDER.filter((state) => states.includes(state))
    .map((state) => html`<li><span class="badge ${state}">${states.filter((found) => found === state).length} ${LABEL[state]}</span></li>`);
  const index = report.services.map((service, i) => html`<li><a href="#service-${i}"><span class="badge ${states[i]!}">${service.name}</span></a></li>`);
  const page = html`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Migration status: ${report.workspace}</title>
<style>${new Html(STYLES)}</style>
</head>
<body>
<header class="page"><h1>Migration status: ${report.workspace}</h1>
<p class="muted">${report.services.length} service${report.services.length === 1 ? '' : 's'}, read at <time datetime="${report.generatedAt}">${report.generatedAt.replace('T', ' ').replace(/\.\d+Z$/, 'Z')}</time> by migrate-core status --all.</p>
<ul class="summary" aria-label="summary">${counts}</ul>
<ul class="summary" aria-label="services">${index}</ul></header>
<main>${report.services.map((service, i) => serviceCard(service, i))}</main>
</body>
</html>
`;
  return page.text;
}
