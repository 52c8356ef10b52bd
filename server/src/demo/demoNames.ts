/**
 * Material for the demo province. District-level units are Thái Bình's real eight; commune-level
 * units get clearly generated names ("Xã Đông Hưng 07") because an invented "real" commune name
 * would mislead. The per-district counts only approximate the real shape (260 in all).
 */
export const DEMO_PROVINCE = { name: 'Tỉnh Thái Bình (dữ liệu trình diễn)', code: 'TB' } as const;

export interface DemoDistrict {
  name: string;
  /** Short name used in the generated commune names. */
  short: string;
  /** Commune-level prefix in generated names: wards for the city, communes elsewhere. */
  communePrefix: 'Phường' | 'Xã';
  communes: number;
}

export const DEMO_DISTRICTS: readonly DemoDistrict[] = [
  { name: 'Thành phố Thái Bình', short: 'Thái Bình', communePrefix: 'Phường', communes: 19 },
  { name: 'Huyện Đông Hưng', short: 'Đông Hưng', communePrefix: 'Xã', communes: 38 },
  { name: 'Huyện Hưng Hà', short: 'Hưng Hà', communePrefix: 'Xã', communes: 33 },
  { name: 'Huyện Kiến Xương', short: 'Kiến Xương', communePrefix: 'Xã', communes: 33 },
  { name: 'Huyện Quỳnh Phụ', short: 'Quỳnh Phụ', communePrefix: 'Xã', communes: 37 },
  { name: 'Huyện Thái Thụy', short: 'Thái Thụy', communePrefix: 'Xã', communes: 37 },
  { name: 'Huyện Tiền Hải', short: 'Tiền Hải', communePrefix: 'Xã', communes: 32 },
  { name: 'Huyện Vũ Thư', short: 'Vũ Thư', communePrefix: 'Xã', communes: 31 },
];

/** Family names, common ones repeated so they come up as often as in life. */
export const FAMILY_NAMES = [
  'Nguyễn',
  'Nguyễn',
  'Nguyễn',
  'Nguyễn',
  'Nguyễn',
  'Nguyễn',
  'Nguyễn',
  'Trần',
  'Trần',
  'Trần',
  'Lê',
  'Lê',
  'Lê',
  'Phạm',
  'Phạm',
  'Phạm',
  'Vũ',
  'Vũ',
  'Hoàng',
  'Đặng',
  'Bùi',
  'Bùi',
  'Đỗ',
  'Đỗ',
  'Ngô',
  'Dương',
  'Đào',
  'Đinh',
  'Phan',
  'Trịnh',
  'Mai',
  'Lương',
  'Đoàn',
  'Cao',
  'Tô',
  'Hà',
  'Lưu',
  'Tạ',
] as const;

export const MIDDLE_NAMES = {
  male: [
    'Văn',
    'Văn',
    'Văn',
    'Văn',
    'Đức',
    'Hữu',
    'Quang',
    'Minh',
    'Công',
    'Xuân',
    'Đình',
    'Tiến',
    'Mạnh',
    'Thanh',
    'Ngọc',
  ],
  female: ['Thị', 'Thị', 'Thị', 'Thị', 'Thị', 'Ngọc', 'Thu', 'Thanh', 'Minh', 'Phương', 'Hồng', 'Bích', 'Kim'],
} as const;

export const GIVEN_NAMES = {
  male: [
    'Hùng',
    'Dũng',
    'Tuấn',
    'Hải',
    'Nam',
    'Long',
    'Thắng',
    'Cường',
    'Bình',
    'Hòa',
    'Sơn',
    'Trung',
    'Quân',
    'Khoa',
    'Hiếu',
    'Phong',
    'Tùng',
    'Đạt',
    'Thành',
    'Lâm',
    'Toàn',
    'Vinh',
    'Hưng',
    'Khánh',
    'Tâm',
    'Hoàng',
    'Kiên',
    'Huy',
    'Chiến',
    'Thịnh',
  ],
  female: [
    'Lan',
    'Hoa',
    'Hương',
    'Hà',
    'Mai',
    'Linh',
    'Trang',
    'Thảo',
    'Ngọc',
    'Yến',
    'Nga',
    'Hạnh',
    'Huyền',
    'Phương',
    'Thủy',
    'Loan',
    'Nhung',
    'Dung',
    'Liên',
    'Oanh',
    'Vân',
    'Hằng',
    'Thu',
    'Hiền',
    'Châu',
    'Thoa',
    'Xuân',
    'Anh',
    'Quyên',
    'Duyên',
  ],
} as const;

/** Small deterministic PRNG (mulberry32), so the demo province looks the same on every install. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function pick<T>(random: () => number, list: readonly T[]): T {
  return list[Math.floor(random() * list.length)] as T;
}

export function intBetween(random: () => number, min: number, max: number): number {
  return min + Math.floor(random() * (max - min + 1));
}
