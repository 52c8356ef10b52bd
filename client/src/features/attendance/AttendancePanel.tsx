import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AttendanceSnapshot, SessionSummary } from '@diem-cau/shared';
import { request, type AppSocket } from '../../lib/socket';
import './attendance.css';

const n = (value: number): string => value.toLocaleString('vi-VN');

/**
 * The host's live attendance panel: endpoints connected of invited, head-count total, members
 * checked in, by district. Asks for a snapshot once joined (a console opened late), then follows
 * the server's `attendance:panel` pushes (at most one a second).
 */
export function AttendancePanel({ socket, joinedAt }: { socket: AppSocket | null; joinedAt: SessionSummary | null }) {
  const { t } = useTranslation();
  const [snapshot, setSnapshot] = useState<AttendanceSnapshot | null>(null);

  useEffect(() => {
    if (!socket || !joinedAt) return;
    const onPanel = (s: AttendanceSnapshot): void => setSnapshot((prev) => (prev && prev.at > s.at ? prev : s));
    socket.on('attendance:panel', onPanel);
    request(socket, 'attendance:snapshot', {})
      .then(onPanel)
      .catch(() => undefined);
    return () => {
      socket.off('attendance:panel', onPanel);
    };
  }, [socket, joinedAt]);

  if (!snapshot) return null;
  const { totals } = snapshot;
  return (
    <section className="attendance-panel" data-testid="attendance-panel" aria-labelledby="attendance-title">
      <h2 id="attendance-title">{t('attendance.panel.title')}</h2>
      <dl className="attendance-panel__totals">
        <div>
          <dt>{t('attendance.panel.connected')}</dt>
          <dd data-testid="attendance-connected">
            {n(totals.connected)} / {n(totals.invited)}
          </dd>
        </div>
        <div>
          <dt>{t('attendance.panel.headcount')}</dt>
          <dd data-testid="attendance-headcount">{n(totals.headcount)}</dd>
        </div>
        <div>
          <dt>{t('attendance.panel.checkedIn')}</dt>
          <dd data-testid="attendance-checked-in">{n(totals.checkedIn)}</dd>
        </div>
      </dl>
      <table className="attendance-panel__table">
        <thead>
          <tr>
            <th scope="col">{t('attendance.panel.district')}</th>
            <th scope="col">{t('attendance.panel.connected')}</th>
            <th scope="col">{t('attendance.panel.headcount')}</th>
            <th scope="col">{t('attendance.panel.checkedIn')}</th>
          </tr>
        </thead>
        <tbody>
          {snapshot.districts.map((d) => (
            <tr key={d.districtId ?? 'none'}>
              <th scope="row">{d.districtName ?? t('attendance.panel.noDistrict')}</th>
              <td>
                {n(d.connected)} / {n(d.invited)}
              </td>
              <td>{n(d.headcount)}</td>
              <td>{n(d.checkedIn)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
