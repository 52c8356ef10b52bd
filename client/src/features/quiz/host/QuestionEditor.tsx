import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  QUESTION_TYPES,
  questionInputSchema,
  type Question,
  type QuestionInput,
  type QuestionType,
} from '@diem-cau/shared';
import { LETTERS } from '../common/labels';

/** Form for one question; validates with the shared schema before saving. */
export function QuestionEditor({
  initial,
  onSave,
  onCancel,
}: {
  initial?: Question;
  onSave: (q: QuestionInput) => Promise<void>;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const [type, setType] = useState<QuestionType>(initial?.type ?? 'single');
  const [prompt, setPrompt] = useState(initial?.prompt ?? '');
  const [options, setOptions] = useState<string[]>(initial?.options.length ? initial.options : ['', '']);
  const [correct, setCorrect] = useState<number[]>(initial?.correct ?? [0]);
  const [accepted, setAccepted] = useState((initial?.accepted ?? []).join('\n'));
  const [timeLimitS, setTimeLimitS] = useState(initial?.timeLimitS ?? 30);
  const [explanation, setExplanation] = useState(initial?.explanation ?? '');
  const [problems, setProblems] = useState<string[]>([]);
  const choice = type === 'single' || type === 'multiple';

  const build = (): QuestionInput => ({
    type,
    prompt,
    options: choice ? options.map((o) => o.trim()).filter(Boolean) : [],
    correct: type === 'short' ? [] : type === 'true_false' ? [correct[0] === 1 ? 1 : 0] : correct,
    accepted:
      type === 'short'
        ? accepted
            .split('\n')
            .map((a) => a.trim())
            .filter(Boolean)
        : [],
    timeLimitS,
    explanation,
  });

  const submit = async () => {
    const input = build();
    const parsed = questionInputSchema.safeParse(input);
    if (!parsed.success) {
      setProblems(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
      return;
    }
    setProblems([]);
    await onSave(input).catch((e: unknown) => setProblems([String((e as Error).message)]));
  };

  return (
    <form
      className="quiz-editor"
      data-testid="quiz-editor"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <label>
        {t('quiz.editor.type')}
        <select value={type} onChange={(e) => setType(e.target.value as QuestionType)} data-testid="quiz-editor-type">
          {QUESTION_TYPES.map((qt) => (
            <option key={qt} value={qt}>
              {t(`quiz.types.${qt}`)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('quiz.editor.prompt')}
        <textarea
          value={prompt}
          onChange={(e) => setPrompt(e.target.value)}
          rows={2}
          maxLength={1000}
          data-testid="quiz-editor-prompt"
        />
      </label>
      {choice && (
        <fieldset>
          {options.map((o, i) => (
            <div key={i} className="quiz-editor__option">
              <input
                type={type === 'single' ? 'radio' : 'checkbox'}
                name="correct"
                aria-label={t('quiz.editor.correct')}
                checked={correct.includes(i)}
                onChange={(e) =>
                  setCorrect(
                    type === 'single' ? [i] : e.target.checked ? [...correct, i] : correct.filter((c) => c !== i),
                  )
                }
              />
              <input
                value={o}
                placeholder={t('quiz.editor.option', { letter: LETTERS[i] })}
                onChange={(e) => setOptions(options.map((x, j) => (j === i ? e.target.value : x)))}
                data-testid={`quiz-editor-option-${i}`}
              />
              {options.length > 2 && (
                <button
                  type="button"
                  onClick={() => {
                    setOptions(options.filter((_, j) => j !== i));
                    setCorrect(correct.filter((c) => c !== i).map((c) => (c > i ? c - 1 : c)));
                  }}
                >
                  {t('quiz.editor.removeOption')}
                </button>
              )}
            </div>
          ))}
          {options.length < LETTERS.length && (
            <button type="button" onClick={() => setOptions([...options, ''])}>
              {t('quiz.editor.addOption')}
            </button>
          )}
        </fieldset>
      )}
      {type === 'true_false' && (
        <label className="quiz-editor__inline">
          <input type="checkbox" checked={correct[0] !== 1} onChange={(e) => setCorrect([e.target.checked ? 0 : 1])} />
          {t('quiz.editor.answerIsTrue')}
        </label>
      )}
      {type === 'short' && (
        <label>
          {t('quiz.editor.accepted')}
          <textarea
            value={accepted}
            onChange={(e) => setAccepted(e.target.value)}
            rows={3}
            data-testid="quiz-editor-accepted"
          />
        </label>
      )}
      <label>
        {t('quiz.editor.timeLimit')}
        <input
          type="number"
          min={5}
          max={600}
          value={timeLimitS}
          onChange={(e) => setTimeLimitS(Number(e.target.value))}
        />
      </label>
      <label>
        {t('quiz.editor.explanation')}
        <textarea value={explanation} onChange={(e) => setExplanation(e.target.value)} rows={2} maxLength={2000} />
      </label>
      {problems.length > 0 && (
        <ul className="quiz-error" role="alert">
          {problems.map((p) => (
            <li key={p}>{p}</li>
          ))}
        </ul>
      )}
      <div className="quiz-row">
        <button type="submit" className="quiz-primary" data-testid="quiz-editor-save">
          {t('quiz.editor.save')}
        </button>
        <button type="button" onClick={onCancel}>
          {t('quiz.editor.cancel')}
        </button>
      </div>
    </form>
  );
}
