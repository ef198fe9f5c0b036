// The status report (`status --all --html`): pure rendering of status documents and schemas into one page.
export { renderHtmlReport, type HtmlReport } from './html.js';
export type { ReportService } from './cards.js';
export { classifyDocument, serviceState, type FleetDocument, type ServiceDocument, type ServiceState, type StatusDocument } from './documents.js';
export { layoutSchema, type ErLayout } from './er-layout.js';
export { escapeHtml } from './escape.js';
