import { useCallback, useEffect, useRef, useState } from 'react';
import type { ReportInfo, ReportResult } from '@diem-cau/shared';
import { reportsApi } from './api';

export interface ReportJobState {
  info: ReportInfo | null;
  result: ReportResult | null;
  error: string | null;
  busy: boolean;
}

const POLL_MS = 500;

/**
 * Asks for a report and follows its job: polls status and progress (shown as a progress bar) until
 * it is done, then loads the result. Asking again for the same data returns the same report.
 */
export function useReportJob(token: string) {
  const [state, setState] = useState<ReportJobState>({ info: null, result: null, error: null, busy: false });
  const generation = useRef(0);

  useEffect(() => () => void (generation.current += 1), []);

  const run = useCallback(
    async (request: () => Promise<ReportInfo>) => {
      const mine = ++generation.current;
      setState({ info: null, result: null, error: null, busy: true });
      try {
        let info = await request();
        while (mine === generation.current && info.status !== 'done' && info.status !== 'failed') {
          setState((s) => ({ ...s, info }));
          await new Promise((r) => setTimeout(r, POLL_MS));
          info = await reportsApi.info(token, info.id);
        }
        if (mine !== generation.current) return;
        if (info.status === 'failed') {
          setState({ info, result: null, error: info.error ?? 'failed', busy: false });
          return;
        }
        const result = await reportsApi.result(token, info.id);
        if (mine === generation.current) setState({ info, result, error: null, busy: false });
      } catch (error) {
        if (mine === generation.current)
          setState((s) => ({ ...s, error: error instanceof Error ? error.message : String(error), busy: false }));
      }
    },
    [token],
  );

  const reset = useCallback(() => {
    generation.current += 1;
    setState({ info: null, result: null, error: null, busy: false });
  }, []);

  return { ...state, run, reset };
}
