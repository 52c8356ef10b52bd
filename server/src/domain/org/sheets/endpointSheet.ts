import ExcelJS from 'exceljs';
import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';

export interface EndpointSheetRow {
  endpoint: string;
  district: string;
  commune: string;
  pairingLink: string;
}

/** Debian's DejaVu Sans (fonts-dejavu-core): it has every Vietnamese letter, pdfkit's built-in fonts do not. */
export const PDF_FONT = '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf';
export const PDF_FONT_BOLD = '/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf';

/** A one-sheet workbook with a bold header row, for mail merge (endpoint sheets and PIN slips). */
export async function mailMergeWorkbook<T extends object>(
  sheetName: string,
  columns: { header: string; key: keyof T & string; width: number }[],
  rows: T[],
): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(sheetName);
  sheet.columns = columns;
  sheet.getRow(1).font = { bold: true };
  for (const row of rows) sheet.addRow(row);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** The endpoint sheet as a workbook for mail merge: one row per endpoint, sorted as given. */
export function endpointSheetXlsx(rows: EndpointSheetRow[]): Promise<Buffer> {
  return mailMergeWorkbook(
    'Điểm cầu',
    [
      { header: 'Điểm cầu', key: 'endpoint', width: 40 },
      { header: 'Huyện/Thị xã', key: 'district', width: 24 },
      { header: 'Xã/Phường', key: 'commune', width: 28 },
      { header: 'Liên kết ghép nối', key: 'pairingLink', width: 100 },
    ],
    rows,
  );
}

/** The printable sheet: one card per endpoint, its pairing link as text and as a QR code to scan from the TV's browser. */
export async function endpointSheetPdf(rows: EndpointSheetRow[], title: string): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A4', margin: 36, info: { Title: title } });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((resolve) => doc.on('end', resolve));
  doc.registerFont('body', PDF_FONT).registerFont('bold', PDF_FONT_BOLD);
  const cardHeight = 180;
  const perPage = 4;
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i]!;
    if (i > 0 && i % perPage === 0) doc.addPage();
    const top = 36 + (i % perPage) * (cardHeight + 14);
    doc.rect(36, top, 523, cardHeight).dash(4, { space: 4 }).stroke().undash();
    const qr = await QRCode.toBuffer(row.pairingLink, { margin: 1, width: 300, errorCorrectionLevel: 'M' });
    doc.image(qr, 44, top + 8, { width: 160, height: 160 });
    doc
      .font('bold')
      .fontSize(15)
      .text(row.endpoint, 216, top + 12, { width: 335 });
    doc
      .font('body')
      .fontSize(11)
      .text(`${row.commune} — ${row.district}`, 216, doc.y + 4, { width: 335 });
    doc
      .fontSize(10)
      .text(
        'Mở liên kết này một lần trên trình duyệt của TV (hoặc quét mã QR). Sau đó TV tự vào mỗi hội nghị được mời.',
        216,
        doc.y + 8,
        { width: 335 },
      );
    doc.fontSize(8).text(row.pairingLink, 216, doc.y + 8, { width: 335 });
  }
  doc.end();
  await done;
  return Buffer.concat(chunks);
}
