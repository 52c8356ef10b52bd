import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import { mailMergeWorkbook, PDF_FONT, PDF_FONT_BOLD } from './endpointSheet.js';

export interface PinSlip {
  cell: string;
  fullName: string;
  memberNumber: string;
  pin: string;
}

/** The slips as a workbook for mail merge, one row per member, sorted by cell. */
export function pinSlipsXlsx(slips: PinSlip[], memberUrl: string): Promise<Buffer> {
  return mailMergeWorkbook(
    'Phiếu PIN',
    [
      { header: 'Chi bộ', key: 'cell', width: 40 },
      { header: 'Họ và tên', key: 'fullName', width: 30 },
      { header: 'Số thẻ đảng viên', key: 'memberNumber', width: 18 },
      { header: 'Mã PIN', key: 'pin', width: 10 },
      { header: 'Trang đảng viên', key: 'memberUrl', width: 40 },
    ],
    slips.map((s) => ({ ...s, memberUrl })),
  );
}

/** Printable slips, eight per A4 page with cut lines; the member page's address as text and QR. */
export async function pinSlipsPdf(slips: PinSlip[], memberUrl: string): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A4', margin: 28, info: { Title: 'Phiếu mã PIN đảng viên' } });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((resolve) => doc.on('end', resolve));
  doc.registerFont('body', PDF_FONT).registerFont('bold', PDF_FONT_BOLD);
  const qr = await QRCode.toBuffer(memberUrl, { margin: 1, width: 240, errorCorrectionLevel: 'M' });
  const width = 269;
  const height = 190;
  for (let i = 0; i < slips.length; i++) {
    const s = slips[i]!;
    if (i > 0 && i % 8 === 0) doc.addPage();
    const col = i % 2;
    const row = Math.floor((i % 8) / 2);
    const x = 28 + col * (width + 2);
    const y = 28 + row * (height + 2);
    doc.rect(x, y, width, height).dash(3, { space: 3 }).stroke().undash();
    doc
      .font('body')
      .fontSize(8)
      .text(s.cell, x + 10, y + 8, { width: width - 20 });
    doc
      .font('bold')
      .fontSize(13)
      .text(s.fullName, x + 10, y + 24, { width: width - 20 });
    doc
      .font('body')
      .fontSize(10)
      .text(`Số thẻ: ${s.memberNumber}`, x + 10, y + 46);
    doc
      .font('bold')
      .fontSize(22)
      .text(`PIN: ${s.pin}`, x + 10, y + 64);
    doc.image(qr, x + width - 96, y + 92, { width: 86, height: 86 });
    doc
      .font('body')
      .fontSize(8)
      .text(`Mở trên điện thoại: ${memberUrl}`, x + 10, y + 100, { width: width - 116 });
    doc
      .fontSize(7)
      .text('Đăng nhập bằng số thẻ và mã PIN; có thể đổi PIN sau khi đăng nhập. Giữ kín mã PIN.', x + 10, y + 140, {
        width: width - 116,
      });
  }
  if (slips.length === 0) doc.font('body').text('—');
  doc.end();
  await done;
  return Buffer.concat(chunks);
}
