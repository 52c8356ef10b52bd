// The documents domain's door: session documents (the resolution's PDF, slides).
export { documentsModule } from './module.js';
export { documentService } from './services.js';
export { documentErrors } from './errors.js';
