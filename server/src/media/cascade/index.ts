export { PipeCascade, LINK_CHECK_MS, type CascadeRooms, type PipeLinkInfo } from './PipeCascade.js';
export { ProducerDirectory, type DirectoryEntry } from './ProducerDirectory.js';
