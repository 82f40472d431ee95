// Bytes between the main thread and the render threads: inputs go as views
// of shared memory (every thread reads the same copy), results come back
// moved, as plain Uint8Arrays, and are seen as Buffers again without a copy.

/** Bytes the main thread shares with every render thread (a view of a SharedArrayBuffer). */
export type SharedBytes = Uint8Array;

/** A copy in shared memory: handed to every thread without another copy. */
export function shareBytes(bytes: Uint8Array): SharedBytes {
  const shared = new Uint8Array(new SharedArrayBuffer(bytes.byteLength));
  shared.set(bytes);
  return shared;
}

/** The same memory seen as a Buffer. */
export const bufferOf = (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
