// The reports domain's door: session and range reports, built as jobs, and the event they publish.
export { reportsModule } from './module.js';
export { reportService } from './services.js';
export { reportEvents, type ReportReady } from './events.js';
export { createReportProcessor } from './reportProcessor.js';
export { reportErrors } from './errors.js';
