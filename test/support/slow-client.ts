import type net from 'node:net';

/** Resolves with the milliseconds until the server closed `socket`; rejects if it stays open past `deadlineMs`. */
export function closedBy(socket: net.Socket, deadlineMs: number): Promise<number> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    if (socket.destroyed) return resolve(0);
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`the server kept the connection open for more than ${deadlineMs} ms`));
    }, deadlineMs);
    socket.on('error', () => {});
    socket.once('close', () => {
      clearTimeout(timer);
      resolve(Date.now() - started);
    });
  });
}

/** Writes `text` a byte at a time, every `everyMs`, until the socket closes or the text ends; returns a stop function. */
export function trickle(socket: net.Socket, text: string, everyMs: number): () => void {
  let index = 0;
  const timer = setInterval(() => {
    if (socket.destroyed || index >= text.length) return clearInterval(timer);
    socket.write(text[index++]!);
  }, everyMs);
  return () => clearInterval(timer);
}
