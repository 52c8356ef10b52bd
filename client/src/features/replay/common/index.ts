// What the host console and the admin area share with the replay page about recordings: how a
// duration and a size read, and the sentence for a failed request. Its own door (and so its own
// small chunk), so that those areas do not load the replay page to show a list.
export { formatBytes, formatDuration } from './format';
export { recordingErrorText } from './errors';
