export { PipeCascade, LINK_CHECK_MS, type CascadeRooms } from './PipeCascade.js';
export type { PipeLinkInfo } from './pipeEnds.js';
export { ProducerDirectory, type DirectoryEntry } from './ProducerDirectory.js';
