import { useTranslation } from 'react-i18next';
import type { Distribution } from '@diem-cau/shared';
import { choiceLabels } from './labels';

/**
 * The distribution as horizontal bars in plain HTML/CSS: no chart library, so the same component
 * serves the TV, the host console and a cheap phone without adding weight to any bundle, and the
 * numbers stay readable text for screen readers and tests.
 */
export function DistributionBars({
  distribution,
  options,
  correct,
  size = 'normal',
}: {
  distribution: Distribution;
  options: readonly string[];
  correct?: readonly number[];
  size?: 'normal' | 'large';
}) {
  const { t } = useTranslation();
  const rows =
    distribution.type === 'short'
      ? distribution.texts.map((x) => ({ label: x.text, count: x.count, right: false }))
      : choiceLabels(t, distribution.type, options).map((label, i) => ({
          label,
          count: distribution.options[i] ?? 0,
          right: correct?.includes(i) ?? false,
        }));
  const max = Math.max(1, ...rows.map((r) => r.count));
  return (
    <figure className={`quiz-dist quiz-dist--${size}`} data-testid="quiz-distribution" data-total={distribution.total}>
      <figcaption>
        {t('quiz.distribution.title')}:{' '}
        {t('quiz.distribution.total', {
          count: distribution.total,
          members: distribution.members,
          teams: distribution.teams,
        })}
        {distribution.correct !== null && <> · {t('quiz.distribution.correct', { count: distribution.correct })}</>}
      </figcaption>
      <ol>
        {rows.map((r, i) => (
          <li
            key={i}
            className={r.right ? 'quiz-dist__row quiz-dist__row--right' : 'quiz-dist__row'}
            data-count={r.count}
          >
            <span className="quiz-dist__label">{r.label}</span>
            <span className="quiz-dist__track">
              <span className="quiz-dist__bar" style={{ width: `${(100 * r.count) / max}%` }} />
            </span>
            <span className="quiz-dist__count">{r.count}</span>
          </li>
        ))}
      </ol>
    </figure>
  );
}
