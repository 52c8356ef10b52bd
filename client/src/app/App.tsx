import { lazy, type ComponentType } from 'react';
import { BrowserRouter, Route, Routes } from 'react-router-dom';
import { AREAS, type AreaId } from '../features/base';
import { HomePage } from '../features/home';
import { AppLayout } from './AppLayout';
import { NotFoundPage } from './NotFoundPage';

// Each area is its own chunk, so a member's phone never downloads the host console.
const AREA_PAGES: Record<AreaId, ComponentType> = {
  host: lazy(() => import('../features/host').then((m) => ({ default: m.HostPage }))),
  endpoint: lazy(() => import('../features/endpoint').then((m) => ({ default: m.EndpointPage }))),
  member: lazy(() => import('../features/member').then((m) => ({ default: m.MemberPage }))),
  admin: lazy(() => import('../features/admin').then((m) => ({ default: m.AdminPage }))),
};
// The replay of a recording (#11): its own chunk too, reached from the host console, the admin area
// and (later) a member's make-up study.
const ReplayPage = lazy(() => import('../features/replay').then((m) => ({ default: m.ReplayPage })));
// A member's make-up study: the replay player with heartbeats that credit what was watched.
const StudyPage = lazy(() => import('../features/makeup').then((m) => ({ default: m.StudyPage })));

// Routes: "/" home, one route per area ("/host", "/endpoint", "/member", "/admin"), then 404. A
// declarative router: the data router (loaders, actions) would add ~14 KB brotli to every page and
// nothing here uses it.
export function App() {
  return (
    <BrowserRouter>
      <Routes>
        <Route element={<AppLayout />}>
          <Route index element={<HomePage />} />
          {AREAS.map(({ id, path }) => {
            const Page = AREA_PAGES[id];
            return <Route key={id} path={path} element={<Page />} />;
          })}
          {/* The endpoint sheet's pairing link (the key rides in the fragment). */}
          <Route path="/endpoint/pair" element={<AREA_PAGES.endpoint />} />
          <Route path="/replay/:recordingId" element={<ReplayPage />} />
          <Route path="/study/:sessionId" element={<StudyPage />} />
          <Route path="*" element={<NotFoundPage />} />
        </Route>
      </Routes>
    </BrowserRouter>
  );
}
