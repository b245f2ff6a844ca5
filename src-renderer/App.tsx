import type { ReactElement } from 'react'
import { createHashRouter, Navigate, NavLink, Outlet, RouterProvider } from 'react-router'
import { SCREENS } from './screens'
import { PaymentDetailScreen } from './screens/payment-detail/PaymentDetailScreen'
import { PaymentsScreen } from './screens/payments/PaymentsScreen'
import { Placeholder } from './screens/placeholders/Placeholder'
import { SettingsScreen } from './screens/settings/SettingsScreen'

function Layout() {
  return (
    <div className="app">
      <nav className="sidebar" aria-label="Main">
        <div className="brand">
          <span className="brand-mark" aria-hidden="true">P</span>
          <span>Paydesk</span>
        </div>
        <ul>
          {SCREENS.map((screen) => (
            <li key={screen.path}>
              <NavLink to={`/${screen.path}`} className={({ isActive }) => (isActive ? 'nav-link active' : 'nav-link')}>
                {screen.label}
              </NavLink>
            </li>
          ))}
        </ul>
      </nav>
      <main className="content">
        <Outlet />
      </main>
    </div>
  )
}

const SCREEN_ELEMENTS: Record<string, ReactElement> = {
  payments: <PaymentsScreen />,
  settings: <SettingsScreen />,
}

// Hash routes work the same from app://paydesk/ and from the browser host, and keep a
// screen's state in the address so a view can be bookmarked.
const router = createHashRouter([
  {
    path: '/',
    element: <Layout />,
    children: [
      { index: true, element: <Navigate to="/payments" replace /> },
      ...SCREENS.map((screen) => ({
        path: screen.path,
        element: SCREEN_ELEMENTS[screen.path] ?? <Placeholder screen={screen} />,
      })),
      { path: 'payments/:id', element: <PaymentDetailScreen /> },
      { path: '*', element: <Navigate to="/payments" replace /> },
    ],
  },
])

export function App() {
  return <RouterProvider router={router} />
}
