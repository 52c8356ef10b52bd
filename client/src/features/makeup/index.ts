// Public surface of make-up study (#11): the member page's list, and the study page that plays the
// recording while its heartbeats credit what was watched.
export { StudyList } from './StudyList';
export { StudyPage } from './StudyPage';
export { HallReplay, useHallMakeup } from './HallReplay';
