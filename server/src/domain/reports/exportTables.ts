import {
  participationOf,
  type OutageCause,
  type Participation,
  type RangeReport,
  type RateRow,
  type ReportResult,
  type SessionReport,
  type WeakLinkReason,
} from '@diem-cau/shared';

export type Cell = string | number | null;

/** One table of a report as it is exported: a sheet of the workbook, or one CSV file. */
export interface ExportTable {
  key: string;
  /** Sheet name (Vietnamese, ≤ 31 characters as Excel requires). */
  title: string;
  headers: string[];
  rows: Cell[][];
}

const VN_TIME = new Intl.DateTimeFormat('vi-VN', {
  timeZone: 'Asia/Ho_Chi_Minh',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hour12: false,
});

/** "dd/MM/yyyy HH:mm:ss" in Vietnam time; empty for no time. */
export function vnTime(iso: string | null): string {
  if (!iso) return '';
  const parts = Object.fromEntries(VN_TIME.formatToParts(new Date(iso)).map((p) => [p.type, p.value]));
  return `${parts.day}/${parts.month}/${parts.year} ${parts.hour}:${parts.minute}:${parts.second}`;
}

/** Minutes with one decimal. */
export const minutes = (ms: number): number => Math.round(ms / 6_000) / 10;
/** Percent with one decimal, or empty when there is nothing to divide. */
export const percent = (rate: number | null): Cell => (rate === null ? null : Math.round(rate * 1000) / 10);
export const PARTICIPATION_VI: Record<Participation, string> = {
  live: 'Tham dự trực tiếp',
  makeup_individual: 'Học bù cá nhân',
  makeup_hall: 'Học bù tại điểm cầu',
  absent: 'Vắng',
};
/** Bit/s as kbit/s, whole. */
const kbps = (bitrate: number | null): Cell => (bitrate === null ? null : Math.round(bitrate / 1000));
const round = (v: number | null): Cell => (v === null ? null : Math.round(v));
const seconds = (ms: number): number => Math.round(ms / 1000);
/** Time on each simulcast layer as minutes, lowest first ("thấp / vừa / cao"). */
const LAYER_NAMES = ['Thấp', 'Vừa', 'Cao'];

const OUTAGE_CAUSES_VI: Record<OutageCause, string> = {
  socket: 'Mất kết nối mạng (vào lại trong thời gian chờ)',
  worker: 'Tiến trình truyền hình của máy chủ khởi động lại',
  ice: 'Mất đường truyền (ICE)',
  dtls: 'Lỗi mã hóa kết nối (DTLS)',
  silent: 'Không nhận được tín hiệu từ điểm cầu',
  transport: 'Kết nối hình ảnh bị đóng',
};
const causeVi = (cause: string): string => OUTAGE_CAUSES_VI[cause as OutageCause] ?? cause;

const WEAK_REASONS_VI: Record<WeakLinkReason, string> = {
  outages: 'mất kết nối nhiều lần',
  long_outage: 'mất kết nối lâu',
  loss: 'mất gói cao',
  rtt: 'độ trễ cao',
  low_layer: 'thường ở chất lượng hình thấp',
  audio_only: 'phải chuyển sang chỉ âm thanh',
};

function linkTables(r: SessionReport): ExportTable[] {
  return [
    {
      key: 'link_quality',
      title: 'Chất lượng đường truyền',
      headers: [
        'Huyện/Thị xã',
        'Xã/Phường',
        'Điểm cầu',
        'Đánh giá',
        'Lý do',
        'Số phút đo',
        ...LAYER_NAMES.map((n) => `Số phút hình ${n.toLowerCase()}`),
        'Lớp hình trung vị',
        'Tốc độ trung vị (kbit/s)',
        'Tốc độ thấp (P10, kbit/s)',
        'Mất gói trung bình (%)',
        'Mất gói cao nhất (%)',
        'Độ trễ khứ hồi trung bình (ms)',
        'Số phút chỉ âm thanh',
        'Số lần mất kết nối',
        'Tổng thời gian mất kết nối (giây)',
        'Lần mất kết nối lâu nhất (giây)',
        'Các lần mất kết nối',
      ],
      rows: r.linkQuality.map((l) => [
        l.districtName,
        l.communeName,
        l.endpointName,
        l.weak ? 'Yếu' : 'Đạt',
        l.weakReasons.map((w) => WEAK_REASONS_VI[w]).join('; '),
        minutes(l.sampledMs),
        ...l.layerMs.map(minutes),
        l.medianLayer === null ? null : (LAYER_NAMES[l.medianLayer] ?? l.medianLayer),
        kbps(l.bitrateMedian),
        kbps(l.bitrateP10),
        percent(l.lossMean),
        percent(l.lossMax),
        round(l.rttMeanMs),
        minutes(l.audioOnlyMs),
        l.outageCount,
        seconds(l.outageTotalMs),
        seconds(l.outageLongestMs),
        l.outages.map((o) => `${vnTime(o.startedAt)} – ${vnTime(o.endedAt)}`).join('; '),
      ]),
    },
    {
      key: 'link_outages',
      title: 'Mất kết nối',
      headers: ['Huyện/Thị xã', 'Xã/Phường', 'Điểm cầu', 'Bắt đầu', 'Kết thúc', 'Thời gian (giây)', 'Nguyên nhân'],
      rows: r.linkQuality.flatMap((l) =>
        l.outages.map((o) => [
          l.districtName,
          l.communeName,
          l.endpointName,
          vnTime(o.startedAt),
          vnTime(o.endedAt),
          seconds(o.durationMs),
          causeVi(o.cause),
        ]),
      ),
    },
  ];
}

function sessionTables(r: SessionReport): ExportTable[] {
  const s = r.summary;
  return [
    {
      key: 'summary',
      title: 'Tổng hợp',
      headers: ['Chỉ tiêu', 'Giá trị'],
      rows: [
        ['Hội nghị', r.session.title],
        ['Bắt đầu', vnTime(r.session.startedAt)],
        ['Kết thúc', vnTime(r.session.endedAt)],
        ['Thời lượng (phút)', minutes(r.session.durationMs)],
        ['Ngưỡng tham dự (%)', percent(r.session.attendanceThreshold)],
        ['Số điểm cầu được mời', s.invitedEndpoints],
        ['Số điểm cầu đã kết nối', s.connectedEndpoints],
        ['Số đảng viên được triệu tập', s.invitedMembers],
        ['Số đảng viên đã điểm danh', s.checkedInMembers],
        ['Số đảng viên tham dự đủ', s.attendedMembers],
        ['Tỷ lệ tham dự (%)', percent(s.attendanceRate)],
        ['Số đảng viên đã học bù', s.makeupMembers],
        ['— trong đó học bù tại điểm cầu', s.makeupHallMembers],
        ['Số đảng viên vắng (chưa học bù)', s.absentMembers],
        ['Tỷ lệ hoàn thành (trực tiếp + học bù, %)', percent(s.completionRate)],
        ['Tổng số người (báo cáo cuối)', s.headcountLatestTotal],
        ['Số câu hỏi kiểm tra', s.quizQuestions],
        ['Tỷ lệ trả lời đúng (%)', percent(s.quizCorrectRate)],
        ['Số điểm cầu đường truyền yếu', s.weakLinks],
      ],
    },
    {
      key: 'endpoints',
      title: 'Điểm cầu',
      headers: [
        'Huyện/Thị xã',
        'Xã/Phường',
        'Điểm cầu',
        'Vào lần đầu',
        'Rời lần cuối',
        'Số phút kết nối',
        'Tỷ lệ thời lượng (%)',
        'Số lần kết nối lại',
        'Số người (tối đa)',
        'Số người (báo cáo cuối)',
        'Số câu trả lời',
        'Tỷ lệ đúng (%)',
        'Điểm đội',
      ],
      rows: r.endpoints.map((e) => [
        e.districtName,
        e.communeName,
        e.endpointName,
        vnTime(e.firstJoin),
        vnTime(e.lastLeave),
        minutes(e.connectedMs),
        percent(e.share),
        e.reconnects,
        e.headcountMax,
        e.headcountLatest,
        e.quizAnswers,
        percent(e.quizCorrectRate),
        e.teamPoints,
      ]),
    },
    {
      key: 'members',
      title: 'Đảng viên',
      headers: [
        'Số thẻ đảng viên',
        'Họ và tên',
        'Giới tính',
        'Năm sinh',
        'Chi bộ',
        'Xã/Phường',
        'Huyện/Thị xã',
        'Điểm danh lúc',
        'Rời lúc',
        'Số phút có mặt',
        'Tham dự',
        'Hoàn thành học bù lúc',
        'Điểm cầu',
        'Số câu đúng',
        'Số câu hỏi',
        'Điểm',
      ],
      rows: r.members.map((m) => [
        m.memberNumber,
        m.fullName,
        m.gender === 'male' ? 'Nam' : 'Nữ',
        m.birthYear,
        m.cellName,
        m.communeName,
        m.districtName,
        vnTime(m.checkedInAt),
        vnTime(m.checkedOutAt),
        minutes(m.presentMs),
        PARTICIPATION_VI[participationOf(m)],
        vnTime(m.makeupCompletedAt ?? null),
        m.endpointNames.join('; '),
        m.quizCorrect,
        m.quizAsked,
        m.quizPoints,
      ]),
    },
    {
      key: 'absentees',
      title: 'Vắng - chưa học bù',
      headers: ['Huyện/Thị xã', 'Xã/Phường', 'Chi bộ', 'Số thẻ đảng viên', 'Họ và tên', 'Số phút có mặt'],
      rows: r.absentees.flatMap((g) =>
        g.members.map((m) => [
          g.districtName,
          g.communeName,
          g.cellName,
          m.memberNumber,
          m.fullName,
          minutes(m.presentMs),
        ]),
      ),
    },
    {
      key: 'quiz',
      title: 'Kiểm tra nhận thức',
      headers: ['Câu', 'Nội dung câu hỏi', 'Số câu trả lời', 'Số câu đúng', 'Tỷ lệ đúng (%)', 'Phân bố câu trả lời'],
      rows: r.quiz.map((q, i) => [
        i + 1,
        q.prompt,
        q.answers,
        q.correct,
        percent(q.correctRate),
        q.distribution.map((d) => `${d.label}: ${d.count}`).join(' | '),
      ]),
    },
    ...linkTables(r),
  ];
}

const rateHeaders = (first: string[]): string[] => [
  ...first,
  'Lượt được triệu tập',
  'Lượt tham dự',
  'Tỷ lệ tham dự (%)',
  'Lượt học bù',
  'Tỷ lệ hoàn thành (%)',
  'Số câu trả lời',
  'Tỷ lệ trả lời đúng (%)',
];
const rateCells = (r: RateRow): Cell[] => [
  r.invited,
  r.attended,
  percent(r.rate),
  r.makeup,
  percent(r.completedRate),
  r.quizAnswers,
  percent(r.quizCorrectRate),
];

function rangeTables(r: RangeReport): ExportTable[] {
  return [
    {
      key: 'by_district',
      title: 'Theo huyện',
      headers: rateHeaders(['Huyện/Thị xã']),
      rows: r.byDistrict.map((x) => [x.label, ...rateCells(x)]),
    },
    {
      key: 'by_commune',
      title: 'Theo xã',
      headers: rateHeaders(['Huyện/Thị xã', 'Xã/Phường']),
      rows: r.byCommune.map((x) => [x.parent, x.label, ...rateCells(x)]),
    },
    {
      key: 'by_cell',
      title: 'Theo chi bộ',
      headers: rateHeaders(['Xã/Phường — Huyện', 'Chi bộ']),
      rows: r.byCell.map((x) => [x.parent, x.label, ...rateCells(x)]),
    },
    {
      key: 'by_gender',
      title: 'Theo giới tính',
      headers: rateHeaders(['Giới tính']),
      rows: r.byGender.map((x) => [x.label, ...rateCells(x)]),
    },
    {
      key: 'by_age',
      title: 'Theo độ tuổi',
      headers: rateHeaders(['Nhóm tuổi']),
      rows: r.byAgeGroup.map((x) => [x.label, ...rateCells(x)]),
    },
    {
      key: 'trend',
      title: 'Theo từng hội nghị',
      headers: [
        'Hội nghị',
        'Bắt đầu',
        'Số điểm cầu được mời',
        'Số điểm cầu đã kết nối',
        'Lượt được triệu tập',
        'Lượt tham dự',
        'Tỷ lệ tham dự (%)',
        'Lượt học bù',
        'Tỷ lệ trả lời đúng (%)',
      ],
      rows: r.trend.map((t) => [
        t.title,
        vnTime(t.startedAt),
        t.invitedEndpoints,
        t.connectedEndpoints,
        t.invited,
        t.attended,
        percent(t.rate),
        t.makeup,
        percent(t.quizCorrectRate),
      ]),
    },
  ];
}

/** The tables of a report, in the order of the workbook's sheets. */
export function reportTables(result: ReportResult): ExportTable[] {
  return result.kind === 'session' ? sessionTables(result) : rangeTables(result);
}
