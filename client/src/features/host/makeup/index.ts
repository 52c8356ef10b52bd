// The host console's make-up study panel (#11, "học bù"), shown once a recorded session has ended.
export { MakeupPanel } from './MakeupPanel';
