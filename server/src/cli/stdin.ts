/**
 * Standard input as one document (`gatewarden check -`): read to the end, at most a byte
 * cap, decoded as UTF-8 without a byte-order mark, as files are.
 */

export type StdinRead = { readonly kind: 'ok'; readonly text: string } | { readonly kind: 'too-large'; readonly limit: number } | { readonly kind: 'error'; readonly message: string };

/** Reads process.stdin to its end, or stops once it holds more than `maxBytes`. */
export function readProcessStdin(maxBytes: number): Promise<StdinRead> {
  return readStream(process.stdin, maxBytes);
}

export function readStream(stream: NodeJS.ReadableStream, maxBytes: number): Promise<StdinRead> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const finish = (result: StdinRead): void => {
      if (!settled) {
        settled = true;
        stream.removeListener('data', onData);
        stream.removeListener('end', onEnd);
        stream.removeListener('error', onError);
        stream.pause();
        resolve(result);
      }
    };
    const onData = (chunk: Buffer | string): void => {
      const buffer = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
      size += buffer.length;
      if (size > maxBytes) {
        finish({ kind: 'too-large', limit: maxBytes });
        return;
      }
      chunks.push(buffer);
    };
    const onEnd = (): void => finish({ kind: 'ok', text: decode(Buffer.concat(chunks)) });
    const onError = (error: Error): void => finish({ kind: 'error', message: error.message });
    stream.on('data', onData);
    stream.on('end', onEnd);
    stream.on('error', onError);
    stream.resume();
  });
}

function decode(buffer: Buffer): string {
  const text = buffer.toString('utf8');
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
