import type { QuestionData } from '@diem-cau/shared';

/**
 * A short Vietnamese comprehension quiz for the demo session, so a newcomer can launch a question
 * from the host console at once. General questions about how a resolution is studied, no claims
 * about a real resolution's text.
 */
export const DEMO_QUIZ: readonly QuestionData[] = [
  {
    type: 'single',
    prompt: 'Hội nghị học tập, quán triệt nghị quyết được tổ chức nhằm mục đích chính nào?',
    options: [
      'Giúp cán bộ, đảng viên nắm vững nội dung nghị quyết',
      'Bầu cử cấp ủy mới',
      'Tổng kết công tác thi đua',
      'Kiểm tra tài chính đảng',
    ],
    correct: [0],
    accepted: [],
    timeLimitS: 30,
    explanation: 'Mục đích là để cán bộ, đảng viên hiểu đúng, nắm vững và thực hiện nghị quyết.',
  },
  {
    type: 'true_false',
    prompt: 'Đảng viên vắng mặt tại hội nghị phải học bù nội dung nghị quyết.',
    options: [],
    correct: [0],
    accepted: [],
    timeLimitS: 20,
    explanation: 'Đảng viên vắng mặt học bù để bảo đảm mọi đảng viên đều được quán triệt.',
  },
  {
    type: 'multiple',
    prompt: 'Sau hội nghị, chi bộ cần làm những việc nào?',
    options: [
      'Xây dựng chương trình hành động thực hiện nghị quyết',
      'Tổ chức học bù cho đảng viên vắng mặt',
      'Hủy bỏ sinh hoạt chi bộ',
      'Báo cáo kết quả học tập lên cấp trên',
    ],
    correct: [0, 1, 3],
    accepted: [],
    timeLimitS: 45,
    explanation: 'Chương trình hành động, học bù và báo cáo kết quả là các việc sau hội nghị.',
  },
  {
    type: 'short',
    prompt: 'Hội nghị trực tuyến kết nối từ tỉnh đến các điểm cầu ở cấp nào?',
    options: [],
    correct: [],
    accepted: ['xã', 'cấp xã', 'cơ sở', 'cấp cơ sở'],
    timeLimitS: 30,
    explanation: 'Các điểm cầu cơ sở đặt tại xã, phường, thị trấn.',
  },
];
