import { useMemo } from 'react';
import { sessionActions, useSession } from '../session-store.ts';
import { type ReportApi, createReportApi } from './report-api.ts';

/** The report API with the signed-in session's token; a refused token signs the console out. */
export function useReportApi(): ReportApi {
  const token = useSession()?.token ?? '';
  return useMemo(() => createReportApi({ token, onUnauthorized: () => sessionActions.signedOut() }), [token]);
}
