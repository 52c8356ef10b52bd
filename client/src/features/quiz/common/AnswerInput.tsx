import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Answer, PublicQuestion } from '@diem-cau/shared';
import { choiceLabels } from './labels';

/**
 * Big touch targets for choosing an answer: one tap for single choice and true/false, checkboxes
 * and a send button for multiple choice, a text field for short answers.
 */
export function AnswerInput({
  question,
  disabled,
  onAnswer,
  sendLabel,
}: {
  question: PublicQuestion;
  disabled: boolean;
  onAnswer: (a: Answer) => void;
  sendLabel: string;
}) {
  const { t } = useTranslation();
  const [picked, setPicked] = useState<number[]>([]);
  const [text, setText] = useState('');
  if (question.type === 'short') {
    return (
      <form
        className="quiz-answer quiz-answer--short"
        onSubmit={(e) => {
          e.preventDefault();
          if (text.trim()) onAnswer({ text: text.trim() });
        }}
      >
        <input
          value={text}
          maxLength={200}
          placeholder={t('quiz.answer.textPlaceholder')}
          onChange={(e) => setText(e.target.value)}
          disabled={disabled}
          data-testid="quiz-text"
        />
        <button type="submit" className="quiz-primary" disabled={disabled || !text.trim()} data-testid="quiz-send">
          {sendLabel}
        </button>
      </form>
    );
  }
  const labels = choiceLabels(t, question.type, question.options);
  if (question.type === 'multiple') {
    return (
      <div className="quiz-answer">
        <p>{t('quiz.answer.chooseMany')}</p>
        {labels.map((label, i) => (
          <label key={i} className="quiz-choice">
            <input
              type="checkbox"
              checked={picked.includes(i)}
              disabled={disabled}
              onChange={(e) => setPicked((p) => (e.target.checked ? [...p, i] : p.filter((x) => x !== i)))}
            />
            {label}
          </label>
        ))}
        <button
          type="button"
          className="quiz-primary"
          disabled={disabled || picked.length === 0}
          onClick={() => onAnswer({ choice: picked })}
          data-testid="quiz-send"
        >
          {sendLabel}
        </button>
      </div>
    );
  }
  return (
    <div className="quiz-answer">
      {labels.map((label, i) => (
        <button
          key={i}
          type="button"
          className="quiz-choice"
          disabled={disabled}
          onClick={() => onAnswer({ choice: [i] })}
          data-testid={`quiz-choice-${i}`}
        >
          {label}
        </button>
      ))}
    </div>
  );
}
