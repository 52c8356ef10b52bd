// The quiz screens use the app's one REST client (lib/api).
import { apiDownload } from '../../../lib/api';

export { ApiError, authedApi as quizApi } from '../../../lib/api';

/** Downloads a file from the API (a plain link cannot carry the bearer token). */
export function downloadFile(token: string, path: string, fileName: string): Promise<void> {
  return apiDownload(path, token, fileName);
}
