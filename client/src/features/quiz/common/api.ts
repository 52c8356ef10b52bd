// The quiz screens use the app's one REST client (lib/api), with the routes of the shared map (API.quiz).
export { ApiError, api, apiDownload } from '../../../lib/api';
