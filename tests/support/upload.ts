import type { TestApp } from './testApp.js';

/** POSTs one file as multipart/form-data (field "file"), like a browser's form. */
export async function uploadFile<T = unknown>(
  t: TestApp,
  path: string,
  content: Buffer | string,
  filename: string,
  token?: string,
  type = 'application/octet-stream',
): Promise<{ status: number; body: T }> {
  const form = new FormData();
  form.append('file', new Blob([typeof content === 'string' ? content : new Uint8Array(content)], { type }), filename);
  const res = await fetch(`${t.url}/api${path}`, {
    method: 'POST',
    body: form,
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T };
}

/** GETs a file and returns its bytes and headers. */
export async function download(
  t: TestApp,
  path: string,
  token: string,
): Promise<{ status: number; content: Buffer; headers: Headers }> {
  const res = await fetch(`${t.url}/api${path}`, { headers: { authorization: `Bearer ${token}` } });
  return { status: res.status, content: Buffer.from(await res.arrayBuffer()), headers: res.headers };
}
