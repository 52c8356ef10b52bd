import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { normalizeCheckinCode, type Checkin, type SessionSummary } from '@diem-cau/shared';
import { request, type AppSocket } from '../../lib/socket';
import './checkin.css';

type Problem = 'expired' | 'invalid' | 'rateLimited' | 'notOpen' | 'network' | 'format';

/**
 * The member's check-in on the phone: type the code on the endpoint's screen (or arrive with it
 * from the QR link, then it is sent at once), see where one is checked in, check out.
 */
export function MemberCheckin({
  socket,
  joinedAt,
  initialCode,
  endpointId,
}: {
  socket: AppSocket | null;
  joinedAt: SessionSummary | null;
  initialCode?: string;
  endpointId?: string;
}) {
  const { t } = useTranslation();
  const [code, setCode] = useState(initialCode ?? '');
  const [checkin, setCheckin] = useState<Checkin | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [busy, setBusy] = useState(false);
  const [autoSent, setAutoSent] = useState(false);

  useEffect(() => {
    if (!socket || !joinedAt) return;
    request(socket, 'checkin:status', {})
      .then((s) => setCheckin(s.checkin))
      .catch(() => undefined);
    const onChanged = (p: { checkin: Checkin | null }): void => setCheckin(p.checkin);
    const onStatus = (p: { status: string }): void => {
      if (p.status === 'ended') setCheckin(null);
    };
    socket.on('checkin:changed', onChanged);
    socket.on('session:status', onStatus);
    return () => {
      socket.off('checkin:changed', onChanged);
      socket.off('session:status', onStatus);
    };
  }, [socket, joinedAt]);

  const submit = async (value: string, withEndpoint: boolean): Promise<void> => {
    if (!socket) return;
    const normalized = normalizeCheckinCode(value);
    if (!/^[2-9A-Z]{6}$/.test(normalized)) {
      setProblem('format');
      return;
    }
    setBusy(true);
    setProblem(null);
    try {
      const ack = await socket
        .timeout(10_000)
        .emitWithAck(
          'checkin:submit',
          withEndpoint && endpointId ? { code: normalized, endpointId } : { code: normalized },
        );
      if (ack.ok) {
        setCheckin(ack.data);
        setCode('');
      } else if (ack.error.code === 'FORBIDDEN')
        setProblem(ack.error.details?.[0]?.message === 'expired' ? 'expired' : 'invalid');
      else if (ack.error.code === 'RATE_LIMITED') setProblem('rateLimited');
      else if (ack.error.code === 'CONFLICT') setProblem('notOpen');
      else setProblem('network');
    } catch {
      setProblem('network');
    } finally {
      setBusy(false);
    }
  };

  // Arriving from the QR link: check in straight away with the code it carries.
  useEffect(() => {
    if (!socket || !joinedAt || autoSent || !initialCode) return;
    setAutoSent(true);
    void submit(initialCode, true);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [socket, joinedAt, initialCode, autoSent]);

  const leave = async (): Promise<void> => {
    if (!socket) return;
    try {
      await request(socket, 'checkin:leave', {});
      setCheckin(null);
    } catch {
      setProblem('network');
    }
  };

  return (
    <section
      className="member-checkin"
      aria-labelledby="member-checkin-title"
      data-testid="member-checkin"
      data-state={checkin ? 'checked-in' : 'not-checked-in'}
    >
      <h2 id="member-checkin-title">{t('checkin.member.title')}</h2>
      {checkin ? (
        <div className="member-checkin__done" data-testid="checked-in">
          <p className="member-checkin__ok">✓ {t('checkin.member.checkedIn', { endpoint: checkin.endpointName })}</p>
          <p>{t('checkin.member.since', { time: new Date(checkin.checkedInAt).toLocaleTimeString('vi-VN') })}</p>
          <button type="button" className="button button--quiet" onClick={() => void leave()}>
            {t('checkin.member.leave')}
          </button>
        </div>
      ) : (
        <p>{t('checkin.member.hint')}</p>
      )}
      <form
        className="member-checkin__form"
        onSubmit={(e: FormEvent) => {
          e.preventDefault();
          void submit(code, false);
        }}
      >
        <label>
          {checkin ? t('checkin.member.moveLabel') : t('checkin.member.codeLabel')}
          <input
            name="code"
            data-testid="checkin-code-input"
            value={code}
            onChange={(e) => setCode(e.target.value.toUpperCase())}
            autoCapitalize="characters"
            autoComplete="off"
            spellCheck={false}
            maxLength={9}
            placeholder="K7M 4QP"
            required
          />
        </label>
        {/* Not before the phone has joined the session: on a slow link that takes a few round trips. */}
        <button type="submit" className="button" disabled={busy || !socket || !joinedAt} data-testid="checkin-submit">
          {joinedAt ? t('checkin.member.submit') : t('checkin.member.connecting')}
        </button>
      </form>
      {problem && (
        <p role="alert" className="notice member-checkin__problem" data-testid="checkin-problem" data-problem={problem}>
          {t(`checkin.member.problems.${problem}`)}
        </p>
      )}
    </section>
  );
}
