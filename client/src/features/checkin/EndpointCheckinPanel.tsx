import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import QRCode from 'qrcode';
import type { ResponseData, ClientRequests, SessionSummary } from '@diem-cau/shared';
import { request, type AppSocket } from '../../lib/socket';
import { checkinLink } from './links';
import './checkin.css';

type CurrentCode = ResponseData<ClientRequests, 'checkin:currentCode'>;

/** How often the screen asks again between code changes, for the checked-in count (no push exists). */
const COUNT_REFRESH_MS = 10_000;

/** Splits a code for reading across a hall: "K7M4QP" → "K7M 4QP". */
export const spacedCode = (code: string): string => `${code.slice(0, 3)} ${code.slice(3)}`;

/**
 * The endpoint screen's check-in panel: a big QR code (a link to the member page with the session,
 * endpoint and code filled in) and the short code, both renewed every 30 s with a countdown; and
 * the operator's head-count form. Mounted by the endpoint screen with its joined socket.
 */
export function EndpointCheckinPanel({
  socket,
  joinedAt,
}: {
  socket: AppSocket | null;
  joinedAt: SessionSummary | null;
}) {
  const { t } = useTranslation();
  const [current, setCurrent] = useState<CurrentCode | null>(null);
  const [offset, setOffset] = useState(0);
  const [qr, setQr] = useState<string | null>(null);
  const [now, setNow] = useState(() => Date.now());
  const [open, setOpen] = useState(true);
  const [count, setCount] = useState('');
  const [reported, setReported] = useState<{ count: number; at: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const active = joinedAt && (joinedAt.status === 'live' || joinedAt.status === 'scheduled');

  useEffect(() => {
    if (!socket || !active) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let stopped = false;
    const fetchCode = async (): Promise<void> => {
      try {
        const code = await request(socket, 'checkin:currentCode', {});
        if (stopped) return;
        const skew = code.serverTime - Date.now();
        setOffset(skew);
        setCurrent(code);
        // Again when the code changes, and in between so the checked-in count stays current.
        timer = setTimeout(
          () => void fetchCode(),
          Math.min(COUNT_REFRESH_MS, Math.max(500, code.expiresAt - (Date.now() + skew) + 200)),
        );
      } catch {
        if (!stopped) timer = setTimeout(() => void fetchCode(), 3000);
      }
    };
    void fetchCode();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [socket, active, joinedAt]);

  // Redrawn only when the code changes, not on every count refresh.
  const link = current
    ? checkinLink(window.location.origin, current.sessionId, current.endpointId, current.code)
    : null;
  useEffect(() => {
    if (!link) return;
    QRCode.toDataURL(link, { margin: 1, width: 480, errorCorrectionLevel: 'M' })
      .then(setQr)
      .catch(() => setQr(null));
  }, [link]);

  useEffect(() => {
    const id = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(id);
  }, []);

  if (!active) return null;
  const secondsLeft = current ? Math.max(0, Math.ceil((current.expiresAt - (now + offset)) / 1000)) : 0;

  const report = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    if (!socket) return;
    const value = Number(count);
    if (!Number.isInteger(value) || value < 0) {
      setError(t('checkin.endpoint.headcountInvalid'));
      return;
    }
    try {
      const ack = await request(socket, 'attendance:headcount', { count: value });
      setReported({ count: ack.count, at: ack.reportedAt });
      setError(null);
    } catch {
      setError(t('checkin.endpoint.headcountFailed'));
    }
  };

  if (!open) {
    return (
      <button type="button" className="tv-button checkin-panel__reopen" onClick={() => setOpen(true)}>
        {t('checkin.endpoint.show')}
      </button>
    );
  }

  return (
    <aside className="checkin-panel" data-testid="checkin-panel" aria-label={t('checkin.endpoint.title')}>
      <div className="checkin-panel__head">
        <h2>{t('checkin.endpoint.title')}</h2>
        <button type="button" className="tv-button tv-button--quiet" onClick={() => setOpen(false)}>
          {t('checkin.endpoint.hide')}
        </button>
      </div>
      {qr && <img className="checkin-panel__qr" src={qr} alt={t('checkin.endpoint.qrAlt')} />}
      <p className="checkin-panel__code" data-testid="checkin-code" data-code={current?.code ?? ''}>
        {current ? spacedCode(current.code) : '… …'}
      </p>
      <p className="checkin-panel__countdown" data-testid="checkin-countdown">
        {t('checkin.endpoint.changesIn', { seconds: secondsLeft })}
      </p>
      <p className="checkin-panel__count" data-testid="checkin-count">
        {t('checkin.endpoint.checkedIn', { count: current?.checkedIn ?? 0 })}
      </p>
      <div className="checkin-panel__operator">
        <form className="checkin-panel__headcount" onSubmit={(e) => void report(e)}>
          <label>
            <span className="checkin-panel__headcount-label">{t('checkin.endpoint.headcount')}</span>
            <input
              type="number"
              inputMode="numeric"
              min={0}
              max={100000}
              value={count}
              onChange={(e) => setCount(e.target.value)}
              data-testid="headcount-input"
              required
            />
          </label>
          <button type="submit" className="tv-button" data-testid="headcount-submit">
            {t('checkin.endpoint.report')}
          </button>
        </form>
        {reported && (
          <p className="checkin-panel__reported" data-testid="headcount-reported">
            {t('checkin.endpoint.reported', {
              count: reported.count,
              time: new Date(reported.at).toLocaleTimeString('vi-VN', { hour: '2-digit', minute: '2-digit' }),
            })}
          </p>
        )}
        {error && (
          <p className="checkin-panel__error" role="alert">
            {error}
          </p>
        )}
      </div>
    </aside>
  );
}
