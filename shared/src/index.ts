export * from './protocol/version.js';
export * from './protocol/errors.js';
export * from './protocol/handshake.js';
export * from './protocol/define.js';
export * from './protocol/events/index.js';
export * from './domain/roles.js';
export * from './domain/identity.js';
