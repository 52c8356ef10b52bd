export * from './auth.js';
export * from './org.js';
export * from './sessions.js';
export * from './quiz.js';
export * from './reports.js';
export * from './webhooks.js';
