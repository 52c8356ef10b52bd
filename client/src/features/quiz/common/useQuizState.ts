import { useCallback, useEffect, useState } from 'react';
import type { Distribution, Leaderboard, LiveRun, Reveal, StoredAnswer } from '@diem-cau/shared';
import { RequestError, request, type AppSocket } from '../../../lib/socket';

export interface QuizView {
  run: LiveRun | null;
  reveal: Reveal | null;
  mine: StoredAnswer | null;
  total: number | null;
  leaderboard: Leaderboard | null;
  /** Hosts: live distribution of the current run. */
  distribution: Distribution | null;
  /** Server clock minus local clock (ms), from the last push or state. */
  clockOffset: number;
}

const EMPTY: QuizView = {
  run: null,
  reveal: null,
  mine: null,
  total: null,
  leaderboard: null,
  distribution: null,
  clockOffset: 0,
};

/**
 * The quiz as this socket sees it: fetched with `quiz:state` after every (re)join (`joinedAt`
 * changes), then kept current by the quiz pushes. `refresh` fetches again (e.g. after a reveal,
 * for the member's own result). A phone that checks in while a question is open gets it pushed
 * by the server; `refreshOnCheckin` also refetches when another phone of the member checks in or out.
 */
export function useQuizState(
  socket: AppSocket | null,
  joinedAt: unknown,
  refreshOnCheckin = false,
): QuizView & { refresh: () => void; setMine: (m: StoredAnswer) => void } {
  const [view, setView] = useState<QuizView>(EMPTY);

  const refresh = useCallback(() => {
    if (!socket) return;
    request(socket, 'quiz:state', {}).then(
      (s) =>
        setView((v) => ({
          ...v,
          ...s,
          distribution: s.reveal?.distribution ?? (v.run?.runId === s.run?.runId ? v.distribution : null),
          clockOffset: s.run ? s.run.serverNow - Date.now() : v.clockOffset,
        })),
      (e: unknown) => {
        if (e instanceof RequestError && e.code === 'CONFLICT') setTimeout(refresh, 500); // not joined yet
      },
    );
  }, [socket]);

  useEffect(() => {
    if (!socket) return;
    // The same question may come again (pushed on check-in or re-join): keep what is known about it.
    const onQuestion = (run: LiveRun) =>
      setView((v) =>
        v.run?.runId === run.runId
          ? { ...v, run, clockOffset: run.serverNow - Date.now() }
          : { ...v, run, reveal: null, mine: null, distribution: null, clockOffset: run.serverNow - Date.now() },
      );
    const onRun = (run: LiveRun) =>
      setView((v) => (v.run && v.run.runId !== run.runId ? v : { ...v, run, clockOffset: run.serverNow - Date.now() }));
    const onReveal = (reveal: Reveal) => {
      setView((v) => ({
        ...v,
        reveal,
        distribution: reveal.distribution,
        run: v.run && v.run.runId === reveal.runId ? { ...v.run, revealed: true } : v.run,
      }));
      // The member's own result: fetched with a little jitter so a full hall does not ask at once.
      setTimeout(refresh, Math.random() * 1500);
    };
    const onDistribution = (d: Distribution) =>
      setView((v) => (v.run?.runId === d.runId ? { ...v, distribution: d } : v));
    const onBoard = (p: { leaderboard: Leaderboard | null }) => setView((v) => ({ ...v, leaderboard: p.leaderboard }));
    socket.on('quiz:question', onQuestion);
    socket.on('quiz:run', onRun);
    socket.on('quiz:reveal', onReveal);
    socket.on('quiz:distribution', onDistribution);
    socket.on('quiz:leaderboard', onBoard);
    return () => {
      socket.off('quiz:question', onQuestion);
      socket.off('quiz:run', onRun);
      socket.off('quiz:reveal', onReveal);
      socket.off('quiz:distribution', onDistribution);
      socket.off('quiz:leaderboard', onBoard);
    };
  }, [socket, refresh]);

  useEffect(() => {
    if (socket && joinedAt) refresh();
  }, [socket, joinedAt, refresh]);

  useEffect(() => {
    if (!socket || !joinedAt || !refreshOnCheckin) return;
    const onCheckin = () => refresh();
    socket.on('checkin:changed', onCheckin);
    return () => {
      socket.off('checkin:changed', onCheckin);
    };
  }, [socket, joinedAt, refreshOnCheckin, refresh]);

  const setMine = useCallback((mine: StoredAnswer) => setView((v) => ({ ...v, mine })), []);
  return { ...view, refresh, setMine };
}

/** Seconds left on the server's clock, ticking every 250 ms; 0 once closed. */
export function useServerCountdown(run: LiveRun | null, clockOffset: number): number {
  const [now, setNow] = useState(() => Date.now());
  const open = run !== null && run.closedAt === null && !run.revealed;
  useEffect(() => {
    if (!open) return;
    const timer = setInterval(() => setNow(Date.now()), 250);
    return () => clearInterval(timer);
  }, [open]);
  if (!run || !open) return 0;
  return Math.max(0, Math.ceil((run.deadline - (now + clockOffset)) / 1000));
}
