import { lazy, type ComponentType } from 'react';
import { RouterProvider, createBrowserRouter } from 'react-router-dom';
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

// Routes: "/" home, one route per area ("/host", "/endpoint", "/member", "/admin"), then 404.
const router = createBrowserRouter([
  {
    element: <AppLayout />,
    children: [
      { index: true, element: <HomePage /> },
      ...AREAS.map(({ id, path }) => {
        const Page = AREA_PAGES[id];
        return { path, element: <Page /> };
      }),
      // The endpoint sheet's pairing link (the key rides in the fragment).
      { path: '/endpoint/pair', element: <AREA_PAGES.endpoint /> },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
]);

export function App() {
  return <RouterProvider router={router} />;
}
