import { useEffect } from 'react';
import type { MediaClient } from '../../media';

/** Key that switches the endpoint between audio only and audio + picture (a keyboard or TV remote). */
export const AUDIO_ONLY_KEY = 'a';

function typingInto(target: EventTarget | null): boolean {
  return (
    target instanceof HTMLElement &&
    (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName))
  );
}

/** The operator's shortcut for audio only, so no control has to sit on the main view. */
export function useAudioOnlyShortcut(media: MediaClient | null): void {
  useEffect(() => {
    if (!media) return;
    const onKey = (event: KeyboardEvent): void => {
      if (
        event.key.toLowerCase() !== AUDIO_ONLY_KEY ||
        event.ctrlKey ||
        event.metaKey ||
        event.altKey ||
        event.repeat ||
        typingInto(event.target)
      )
        return;
      void media.setAudioOnly(!media.audioOnly).catch(() => undefined);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [media]);
}
