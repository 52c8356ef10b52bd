/**
 * Version of the client/server protocol. The client sends it in the Socket.IO handshake; the server
 * refuses any other value with `PROTOCOL_MISMATCH`, so an old cached client never talks a protocol
 * the server no longer speaks. Bump it on any breaking change to an event or schema in this folder.
 */
export const PROTOCOL_VERSION = 1;
