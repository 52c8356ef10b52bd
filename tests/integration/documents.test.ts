import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionDocument } from '@diem-cau/shared';
import { api, buildOrgFixture, loginToken, type OrgFixture } from '../support/orgFixture.js';
import { startTestApp, type TestApp } from '../support/testApp.js';
import { download, uploadFile } from '../support/upload.js';

type ErrorReply = { error: { code: string } };

const PDF = Buffer.concat([
  Buffer.from('%PDF-1.7\n%âãÏÓ\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n'),
  Buffer.alloc(2000, 0x20),
]);
const PNG = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]),
  Buffer.alloc(100),
]);

async function pptx(): Promise<Buffer> {
  const zip = new JSZip();
  zip.file(
    '[Content_Types].xml',
    '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/ppt/presentation.xml" ContentType="application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"/></Types>',
  );
  zip.file(
    '_rels/.rels',
    '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"/>',
  );
  zip.file(
    'ppt/presentation.xml',
    '<?xml version="1.0"?><p:presentation xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main"/>',
  );
  return zip.generateAsync({ type: 'nodebuffer' });
}

describe('session documents: upload checks, listing and download by role', () => {
  let t: TestApp;
  let f: OrgFixture;
  let hostToken: string;

  beforeAll(async () => {
    t = await startTestApp({ DOCUMENT_MAX_BYTES: '100000' });
    f = await buildOrgFixture(t);
    hostToken = await loginToken(t, '/auth/login', { username: f.host.username, password: f.host.password });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('takes a PDF resolution and PDF/PPTX slides by their content; refuses other types and oversized files', async () => {
    const sid = f.sessionId;
    const up = await uploadFile<SessionDocument>(
      t,
      `/sessions/${sid}/documents?kind=resolution&title=Ngh%E1%BB%8B%20quy%E1%BA%BFt%2001`,
      PDF,
      'Nghị quyết 01.pdf',
      hostToken,
    );
    expect(up.status).toBe(201);
    expect(up.body).toMatchObject({
      kind: 'resolution',
      title: 'Nghị quyết 01',
      filename: 'Nghị quyết 01.pdf',
      mimeType: 'application/pdf',
      sizeBytes: PDF.length,
    });
    const slides = await uploadFile<SessionDocument>(
      t,
      `/sessions/${sid}/documents?kind=slides`,
      await pptx(),
      'Bài giảng.pptx',
      hostToken,
    );
    expect(slides).toMatchObject({
      status: 201,
      body: {
        mimeType: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
        filename: 'Bài giảng.pptx',
      },
    });

    // A PNG renamed .pdf, a PPTX as the resolution, a text file: refused by content.
    expect(
      (
        await uploadFile<ErrorReply>(
          t,
          `/sessions/${sid}/documents?kind=resolution`,
          PNG,
          'nghi-quyet.pdf',
          hostToken,
          'application/pdf',
        )
      ).body.error.code,
    ).toBe('UNSUPPORTED_MEDIA_TYPE');
    expect(
      (
        await uploadFile<ErrorReply>(
          t,
          `/sessions/${sid}/documents?kind=resolution`,
          await pptx(),
          'nq.pptx',
          hostToken,
        )
      ).status,
    ).toBe(415);
    expect(
      (
        await uploadFile<ErrorReply>(
          t,
          `/sessions/${sid}/documents?kind=slides`,
          'chỉ là văn bản',
          'slides.pdf',
          hostToken,
        )
      ).status,
    ).toBe(415);
    const huge = Buffer.concat([PDF, Buffer.alloc(120_000, 0x20)]);
    expect(
      await uploadFile<ErrorReply>(t, `/sessions/${sid}/documents?kind=resolution`, huge, 'big.pdf', hostToken),
    ).toMatchObject({ status: 413, body: { error: { code: 'PAYLOAD_TOO_LARGE' } } });
    expect(
      (await uploadFile<ErrorReply>(t, `/sessions/${sid}/documents?kind=poster`, PDF, 'x.pdf', hostToken)).status,
    ).toBe(400);
    expect(
      (await api<ErrorReply>(t, 'POST', `/sessions/${sid}/documents?kind=resolution`, { file: 'x' }, hostToken)).status,
    ).toBe(415);
    const stored = await t.app.db.selectFrom('session_documents').select('id').where('session_id', '=', sid).execute();
    expect(stored).toHaveLength(2);
  });

  it('lets invited endpoints and the session members list and download; refuses others', async () => {
    const sid = f.sessionId;
    const endpointTok = await loginToken(t, '/auth/endpoint', { endpointKey: f.keys.a1, sessionId: sid });
    const list = await api<SessionDocument[]>(t, 'GET', `/sessions/${sid}/documents`, undefined, endpointTok);
    expect(list.status).toBe(200);
    expect(list.body.map((d) => d.kind)).toEqual(['resolution', 'slides']);
    const pdf = list.body[0]!;
    const got = await download(t, `/sessions/${sid}/documents/${pdf.id}`, endpointTok);
    expect(got.status).toBe(200);
    expect(got.content.equals(PDF)).toBe(true);
    expect(got.headers.get('content-type')).toBe('application/pdf');
    expect(got.headers.get('content-disposition')).toContain("filename*=UTF-8''Ngh%E1%BB%8B%20quy%E1%BA%BFt%2001.pdf");

    // The fixture's member is in a cell of commune A1, whose endpoint is invited.
    const memberTok = await loginToken(t, '/auth/member', { memberNumber: f.member.memberNumber, pin: f.member.pin });
    expect(
      (await api<SessionDocument[]>(t, 'GET', `/sessions/${sid}/documents`, undefined, memberTok)).body,
    ).toHaveLength(2);
    expect((await download(t, `/sessions/${sid}/documents/${pdf.id}`, memberTok)).status).toBe(200);

    // a2 is not invited to this session: its token (for the other session) reads nothing here.
    const a2Tok = await loginToken(t, '/auth/endpoint', { endpointKey: f.keys.a2, sessionId: f.otherSessionId });
    expect((await api(t, 'GET', `/sessions/${sid}/documents`, undefined, a2Tok)).status).toBe(403);
    expect((await download(t, `/sessions/${sid}/documents/${pdf.id}`, a2Tok)).status).toBe(403);
    const boundElsewhere = await loginToken(t, '/auth/member', {
      memberNumber: f.member.memberNumber,
      pin: f.member.pin,
      sessionId: f.otherSessionId,
    });
    expect((await api(t, 'GET', `/sessions/${sid}/documents`, undefined, boundElsewhere)).status).toBe(403);
    expect((await api(t, 'GET', `/sessions/${sid}/documents`)).status).toBe(401);

    // Only the session host or an admin uploads or deletes.
    const otherHost = await loginToken(t, '/auth/login', {
      username: f.otherHost.username,
      password: f.otherHost.password,
    });
    expect((await uploadFile(t, `/sessions/${sid}/documents?kind=resolution`, PDF, 'x.pdf', otherHost)).status).toBe(
      403,
    );
    expect((await uploadFile(t, `/sessions/${sid}/documents?kind=resolution`, PDF, 'x.pdf', memberTok)).status).toBe(
      403,
    );
    expect((await uploadFile(t, `/sessions/${sid}/documents?kind=resolution`, PDF, 'x.pdf', endpointTok)).status).toBe(
      403,
    );
    expect((await api(t, 'DELETE', `/sessions/${sid}/documents/${pdf.id}`, undefined, otherHost)).status).toBe(403);
    expect((await api(t, 'DELETE', `/sessions/${sid}/documents/${pdf.id}`, undefined, hostToken)).status).toBe(204);
    expect((await api(t, 'GET', `/sessions/${sid}/documents/${pdf.id}`, undefined, hostToken)).status).toBe(404);
  });
});
