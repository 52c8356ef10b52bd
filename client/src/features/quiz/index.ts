// Public surface of the quiz feature. Host and endpoint pages mount the panel / overlay with their
// joined socket; the member page mounts the phone panel and, after the session, the make-up quiz.
export { HostQuizPanel } from './host/HostQuizPanel';
export { EndpointQuizOverlay } from './endpoint/EndpointQuizOverlay';
export { MemberQuizPanel } from './member/MemberQuizPanel';
export { MakeupQuiz } from './member/MakeupQuiz';
export { MAKEUP_PARAM, MakeupEntry } from './member/MakeupEntry';
