import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { makeupErrorText } from './errors';

export interface Feedback {
  ok: boolean;
  text: string;
}

/**
 * One request at a time from a form of the panel: `busy` while it runs, then what it said — the
 * action's own sentence, or the error's by its code.
 */
export function useRequest() {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const [feedback, setFeedback] = useState<Feedback | null>(null);
  const run = useCallback(
    async (action: () => Promise<string | null>) => {
      setBusy(true);
      setFeedback(null);
      try {
        const text = await action();
        if (text) setFeedback({ ok: true, text });
      } catch (error) {
        setFeedback({ ok: false, text: makeupErrorText(t, error) });
      } finally {
        setBusy(false);
      }
    },
    [t],
  );
  return { busy, feedback, setFeedback, run };
}

/** The line under a form: a status when it went well, an alert when not. */
export function FeedbackLine({ feedback, testId }: { feedback: Feedback | null; testId: string }) {
  if (!feedback) return null;
  return (
    <p
      role={feedback.ok ? 'status' : 'alert'}
      className={feedback.ok ? 'makeup-panel__ok' : 'host-console__error'}
      data-testid={testId}
    >
      {feedback.text}
    </p>
  );
}
