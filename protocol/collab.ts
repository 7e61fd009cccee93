/**
 * "Saved" over the notebook's collaboration socket. A client that shows
 * whether its edits are stored connects with `?durable=1`; the server then
 * sends it, as a y-websocket message of this type, the state vector of what
 * the store holds (`varuint type, varuint8array Yjs state vector`): on
 * joining, and at most every 100 ms while the room stores updates. A client
 * has saved everything once that vector covers its own clock.
 *
 * It is its own message, not an awareness state, because the stock
 * y-websocket provider sends every awareness change it receives back to the
 * server: announced as awareness, each announcement came back from every
 * client of the room. And clients that never show "saved" (scripts, the
 * kernel, plain y-websocket tools) are not sent it, which they could not
 * decode.
 */
export const DURABLE_MESSAGE = 101;

/** The query parameter a client sets to `1` to receive DURABLE_MESSAGE frames. */
export const DURABLE_PARAM = "durable";
